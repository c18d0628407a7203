package com.missedcall.recovery.conversations;

import java.time.Duration;
import java.time.ZoneId;

/**
 * What the conversation workers need to know of a workspace: its state, its plan's features, the facts
 * and persona the AI may use, what the AI may say, and the recovery-channel settings.
 */
public record WorkspaceProfile(String name, boolean active, boolean billingActive, ZoneId timezone,
                               boolean planTextback, boolean planAi, boolean aiEnabled, int aiTurnLimit,
                               String persona, String services, String businessHours, String serviceArea,
                               String bookingLink, String contactPhone, boolean allowPrices,
                               boolean allowDiscounts, boolean allowArrivalTimes, boolean followupEnabled,
                               Duration followupDelay, Duration oncallDelay, Duration staleAfter,
                               boolean teamSummary, boolean callerSummary) {
}

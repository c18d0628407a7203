package com.missedcall.recovery.conversations;

import com.missedcall.recovery.hours.BusinessHours;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What the conversation workers need to know of a workspace: its state, its plan's features, the facts
 * and persona the AI may use, what the AI may say, and the recovery-channel settings. {@code hours}: its
 * business hours as data, null when it has not set them (then {@code businessHours}, free text, is all we know).
 */
public record WorkspaceProfile(String name, boolean active, boolean billingActive, ZoneId timezone,
                               boolean planTextback, boolean planAi, boolean aiEnabled, int aiTurnLimit,
                               String persona, String services, String businessHours, String serviceArea,
                               String bookingLink, String contactPhone, boolean allowPrices,
                               boolean allowDiscounts, boolean allowArrivalTimes, boolean followupEnabled,
                               Duration followupDelay, Duration oncallDelay, Duration staleAfter,
                               boolean teamSummary, boolean callerSummary, BusinessHours hours) {

  /** The hours in words at {@code now}, for the AI and the intake script: the data when set, else the free text. */
  public String hoursFacts(Instant now) {
    return hours != null ? hours.describeAt(now) : businessHours;
  }

  /** The hours as the intake script tells a caller at {@code now}: the data when set, else the free text. */
  public String hoursForCaller(Instant now) {
    return hours != null ? hours.toCallerAt(now) : businessHours;
  }
}

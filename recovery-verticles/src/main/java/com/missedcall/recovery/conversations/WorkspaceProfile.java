package com.missedcall.recovery.conversations;

import com.missedcall.recovery.hours.BusinessHours;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What the conversation workers need to know of a workspace: its state and zone, what its AI may do and say
 * ({@link AiPolicy}), the facts about the business it may use ({@link BusinessFacts}), and how it follows up and
 * summarises ({@link Channels}).
 */
public record WorkspaceProfile(String name, boolean active, boolean billingActive, ZoneId timezone, AiPolicy ai,
                               BusinessFacts facts, Channels channels) {

  /**
   * The AI's side: whether the plan and the workspace allow AI replies, how many turns, its persona, and what it
   * may say (prices, discounts, arrival times).
   */
  public record AiPolicy(boolean planAllows, boolean enabled, int turnLimit, String persona, boolean allowPrices,
                         boolean allowDiscounts, boolean allowArrivalTimes) {}

  /**
   * What the business tells callers through the AI and the intake script. {@code hours}: its business hours as data,
   * null when it has not set them (then {@code businessHours}, free text, is all we know).
   */
  public record BusinessFacts(String services, String businessHours, String serviceArea, String bookingLink,
                              String contactPhone, BusinessHours hours) {
    /** The hours in words at {@code now}, for the AI and the intake script: the data when set, else the free text. */
    public String hoursFacts(Instant now) {
      return hours != null ? hours.describeAt(now) : businessHours;
    }

    /** The hours as the intake script tells a caller at {@code now}: the data when set, else the free text. */
    public String hoursForCaller(Instant now) {
      return hours != null ? hours.toCallerAt(now) : businessHours;
    }
  }

  /**
   * The recovery-channel settings the conversation follows: the plan's text-back, the follow-up ladder and its
   * delays, when an idle conversation closes, and which summaries go out.
   */
  public record Channels(boolean planTextback, boolean followupEnabled, Duration followupDelay, Duration oncallDelay,
                         Duration staleAfter, boolean teamSummary, boolean callerSummary) {}
}

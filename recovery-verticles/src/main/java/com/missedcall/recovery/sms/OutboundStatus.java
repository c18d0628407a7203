package com.missedcall.recovery.sms;

import java.util.Locale;
import java.util.Set;

/**
 * The delivery statuses an outbound text can hold. Twilio's create answer is mapped onto them: a create
 * never stores an inbound status ({@code received}, {@code receiving}) nor one only a later callback can
 * report ({@code delivered}, {@code read}, {@code undelivered}, ...), whatever the answer says.
 */
public final class OutboundStatus {
  /** What Twilio's create answer may legitimately report for a message it just accepted. */
  private static final Set<String> AT_CREATE = Set.of("accepted", "scheduled", "queued", "sending", "sent");

  private OutboundStatus() {}

  /**
   * The status to store for a message Twilio accepted: the answer's own status when it is one a new outbound
   * message can have, otherwise {@code queued} (accepted, nothing more known; the status callbacks move it on).
   */
  public static String fromCreate(String twilioStatus) {
    if (twilioStatus == null) {
      return "queued";
    }
    String status = twilioStatus.trim().toLowerCase(Locale.ROOT);
    return AT_CREATE.contains(status) ? status : "queued";
  }
}

package com.missedcall.recovery.reconcile;

import java.time.Instant;

/** A message as Twilio's Messages resource lists it (only inbound ones are reconciled). */
record ListedMessage(String sid, String accountSid, String from, String to, String body, String direction,
                     int segments, Instant sentAt) {

  boolean inbound() {
    return "inbound".equals(direction);
  }
}

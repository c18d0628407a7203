package com.missedcall.twiliosim;

import java.time.Instant;

/** A stored message: what was accepted plus the few fields that change as it gets "delivered". */
final class MessageRecord {

  private final SentMessage message;
  private final String messagingServiceSid;
  private final int numMedia;
  private final boolean inbound;
  private volatile String status;
  private volatile Instant updatedAt;

  MessageRecord(SentMessage message, String messagingServiceSid, int numMedia) {
    this(message, messagingServiceSid, numMedia, false);
  }

  /** {@code inbound}: a text a caller sent to one of the account's numbers (status {@code received}). */
  MessageRecord(SentMessage message, String messagingServiceSid, int numMedia, boolean inbound) {
    this.message = message;
    this.messagingServiceSid = messagingServiceSid;
    this.numMedia = numMedia;
    this.inbound = inbound;
    this.status = inbound ? "received" : "queued";
    this.updatedAt = message.acceptedAt();
  }

  boolean inbound() {
    return inbound;
  }

  SentMessage message() {
    return message;
  }

  String messagingServiceSid() {
    return messagingServiceSid;
  }

  int numMedia() {
    return numMedia;
  }

  String status() {
    return status;
  }

  Instant updatedAt() {
    return updatedAt;
  }

  void advanceTo(String newStatus) {
    this.updatedAt = Instant.now();
    this.status = newStatus;
  }
}

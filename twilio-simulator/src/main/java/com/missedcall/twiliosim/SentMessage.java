package com.missedcall.twiliosim;

import java.time.Instant;

/** A message the simulator accepted (answered, or would have answered, with 201). */
public record SentMessage(
    String sid,
    String accountSid,
    String from,
    String to,
    String body,
    String statusCallback,
    Instant acceptedAt,
    int segments) {}

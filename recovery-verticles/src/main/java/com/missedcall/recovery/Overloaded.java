package com.missedcall.recovery;

/**
 * The gateway shed a request instead of queueing it without end: too many were waiting for the database,
 * or this one waited longer than its caller would. Nothing was written or acknowledged; the caller
 * (Twilio) should retry. Thrown by the thousand under overload, so it carries no stack trace.
 */
public final class Overloaded extends RuntimeException {
  public Overloaded(String message) {
    super(message, null, false, false);
  }
}

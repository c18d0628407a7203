package com.missedcall.recovery.calls;

/** Postgres could not take the decision durably: nothing was acknowledged, Twilio should retry. */
public final class DecisionStoreUnavailable extends RuntimeException {
  public DecisionStoreUnavailable(Throwable cause) {
    super("the decision could not be stored: " + cause.getMessage(), cause);
  }
}

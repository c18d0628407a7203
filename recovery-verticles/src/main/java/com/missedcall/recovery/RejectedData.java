package com.missedcall.recovery;

/**
 * PostgreSQL refused a request for its own data (SQLSTATE class 22, data exception, or 23, integrity
 * constraint violation), alone in its statement: it would fail the same way however often it is retried.
 * Nothing of it was written. The edge answers 4xx, never 503, so Twilio does not retry it in a loop.
 */
public final class RejectedData extends RuntimeException {
  private final String sqlState;

  public RejectedData(String sqlState, Throwable cause) {
    super("rejected data (SQLSTATE " + sqlState + ")", cause);
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}

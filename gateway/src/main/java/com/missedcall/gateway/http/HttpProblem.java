package com.missedcall.gateway.http;

/**
 * A request we refuse, with the HTTP status, a stable machine-readable code and a human message.
 * Handlers fail the routing context with it; {@link Failures} turns it into the response.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final String code;

  public HttpProblem(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}

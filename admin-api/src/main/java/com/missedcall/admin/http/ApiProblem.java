package com.missedcall.admin.http;

/**
 * A request the API refuses: HTTP status, a stable machine-readable code and a human message.
 * Handlers fail the routing context with it; {@link ApiFailureHandler} turns it into the JSON answer.
 */
public final class ApiProblem extends RuntimeException {
  private final int status;
  private final String code;

  public ApiProblem(int status, String code, String message) {
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

  /** A missing id and another agency's id answer exactly this, so ids reveal nothing across tenants. */
  public static ApiProblem notFound(String what) {
    return new ApiProblem(404, what + "_not_found", "No such " + what.replace('_', ' '));
  }

  public static ApiProblem invalid(String code, String message) {
    return new ApiProblem(400, code, message);
  }

  public static ApiProblem conflict(String code, String message) {
    return new ApiProblem(409, code, message);
  }

  public static ApiProblem forbidden(String code, String message) {
    return new ApiProblem(403, code, message);
  }
}

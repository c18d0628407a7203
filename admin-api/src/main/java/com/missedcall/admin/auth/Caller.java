package com.missedcall.admin.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling: the agency every query is scoped to, and the key that authenticated (for the
 * audit log and the rate limit).
 *
 * @param maySetPlans the agency may set plans, caps and billing status of its workspaces
 * @param readOnly    the key's scope is {@code read_only}: it may read, never change anything
 * @param expiresAt   when the key stops working (ISO-8601 UTC), or null
 */
public record Caller(long agencyId, String agencyName, long keyId, String keyName, String keyPrefix,
                     boolean maySetPlans, boolean readOnly, String expiresAt) {
  static final String KEY = "admin.caller";

  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller on " + ctx.normalizedPath());
    }
    return caller;
  }

  public String scope() {
    return readOnly ? ApiKeys.READ_ONLY : ApiKeys.FULL;
  }

  /** How the audit log names this caller. */
  public String actor() {
    return "api_key:" + keyPrefix + " (" + keyName + ")";
  }
}

package com.missedcall.admin.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling: the agency every query is scoped to, and the key that authenticated (for the
 * audit log and the rate limit).
 *
 * @param maySetPlans the agency may set plans, caps and billing status of its workspaces
 */
public record Caller(long agencyId, String agencyName, long keyId, String keyName, String keyPrefix,
                     boolean maySetPlans) {
  static final String KEY = "admin.caller";

  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller on " + ctx.normalizedPath());
    }
    return caller;
  }

  /** How the audit log names this caller. */
  public String actor() {
    return "api_key:" + keyPrefix + " (" + keyName + ")";
  }
}

package com.missedcall.admin.operator;

import io.vertx.ext.web.RoutingContext;

/** The platform operator making a request: which operator key, for the audit logs. */
public record Operator(long keyId, String keyName, String keyPrefix) {
  static final String KEY = "admin.operator";

  public static Operator of(RoutingContext ctx) {
    Operator operator = ctx.get(KEY);
    if (operator == null) {
      throw new IllegalStateException("no authenticated operator on " + ctx.normalizedPath());
    }
    return operator;
  }

  /** How audit logs name this operator. */
  public String actor() {
    return "operator:" + keyPrefix + " (" + keyName + ")";
  }
}

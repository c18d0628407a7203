package com.missedcall.admin.auth;

import com.missedcall.admin.http.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Counts each authenticated request against its key's window; over the limit answers 429 with Retry-After. */
public final class RateLimit implements Handler<RoutingContext> {
  private final RateLimiter limiter;

  public RateLimit(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.KEY);
    if (caller == null) {
      ctx.next();
      return;
    }
    limiter.hit(caller.keyId()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      RateLimiter.Verdict v = ar.result();
      ctx.response().putHeader("X-RateLimit-Limit", String.valueOf(v.limit()))
          .putHeader("X-RateLimit-Remaining", String.valueOf(v.remaining()))
          .putHeader("X-RateLimit-Reset", String.valueOf(v.retryAfterSeconds()));
      if (v.allowed()) {
        ctx.next();
      } else {
        ctx.response().putHeader("Retry-After", String.valueOf(v.retryAfterSeconds()));
        ctx.fail(new ApiProblem(429, "rate_limited",
            "Too many requests for this API key; retry after " + v.retryAfterSeconds() + " s"));
      }
    });
  }
}

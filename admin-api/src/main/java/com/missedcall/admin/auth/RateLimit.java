package com.missedcall.admin.auth;

import com.missedcall.admin.http.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Counts each authenticated request against its key's window; over the limit answers 429 with Retry-After. The
 * agency API counts agency keys, the operator API operator keys (its own limiter, so the two id spaces never
 * share a counter).
 */
public final class RateLimit implements Handler<RoutingContext> {
  private final RateLimiter limiter;
  private final Function<RoutingContext, Long> keyOf;

  /** For the agency API: the key of the request's {@link Caller}. */
  public RateLimit(RateLimiter limiter) {
    this(limiter, ctx -> {
      Caller caller = ctx.get(Caller.KEY);
      return caller == null ? null : caller.keyId();
    });
  }

  /** {@code keyOf} names the authenticated key of a request, null when none (the request is not counted). */
  public RateLimit(RateLimiter limiter, Function<RoutingContext, Long> keyOf) {
    this.limiter = limiter;
    this.keyOf = keyOf;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Long keyId = keyOf.apply(ctx);
    if (keyId == null) {
      ctx.next();
      return;
    }
    limiter.hit(keyId).onComplete(ar -> {
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
            "Too many requests for this key; retry after " + v.retryAfterSeconds() + " s"));
      }
    });
  }
}

package com.missedcall.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}, served by every role. */
public final class HealthRoutes {
  private HealthRoutes() {}

  public static void mount(Router router, Readiness readiness, PrometheusMeterRegistry registry) {
    router.get("/health/live").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "live").encode()));
    router.get("/health/ready").handler(ctx -> readiness.check().onSuccess(body -> ctx.response()
        .setStatusCode("ready".equals(body.getString("status")) ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .end(body.encode())).onFailure(ctx::fail));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }
}

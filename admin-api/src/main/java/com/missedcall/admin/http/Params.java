package com.missedcall.admin.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/** Typed access to a request the OpenAPI router already validated against the contract. */
public final class Params {
  private final ValidatedRequest request;

  private Params(ValidatedRequest request) {
    this.request = request;
  }

  public static Params of(RoutingContext ctx) {
    ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (validated == null) {
      throw new IllegalStateException("route without contract validation: " + ctx.normalizedPath());
    }
    return new Params(validated);
  }

  public long pathLong(String name) {
    RequestParameter p = request.getPathParameters().get(name);
    return p.getLong();
  }

  public String pathString(String name) {
    return request.getPathParameters().get(name).getString();
  }

  public String query(String name) {
    RequestParameter p = request.getQuery().get(name);
    return p == null || p.isNull() || p.isEmpty() ? null : String.valueOf(p.get());
  }

  public Long queryLong(String name) {
    RequestParameter p = request.getQuery().get(name);
    return p == null || p.isNull() || p.isEmpty() ? null : p.getLong();
  }

  public int queryInt(String name, int fallback) {
    RequestParameter p = request.getQuery().get(name);
    return p == null || p.isNull() || p.isEmpty() ? fallback : p.getInteger();
  }

  public JsonObject body() {
    RequestParameter body = request.getBody();
    return body == null || body.isNull() || body.isEmpty() ? new JsonObject() : body.getJsonObject();
  }
}

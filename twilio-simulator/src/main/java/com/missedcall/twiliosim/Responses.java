package com.missedcall.twiliosim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

final class Responses {

  static final String JSON = "application/json; charset=utf-8";

  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
  }

  static void json(RoutingContext ctx, int status, JsonArray body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}

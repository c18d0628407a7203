package com.missedcall.admin.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** JSON answers and the conversion of database rows into the API's field formats. */
public final class Json {
  private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

  private Json() {}

  public static void send(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : String.valueOf(body));
  }

  public static void ok(RoutingContext ctx, Object body) {
    send(ctx, 200, body);
  }

  public static void created(RoutingContext ctx, Object body) {
    send(ctx, 201, body);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  /** The named columns of a row as a JSON object: timestamps as UTC ISO-8601, jsonb as JSON, arrays as arrays. */
  public static JsonObject row(Row row, String... columns) {
    JsonObject json = new JsonObject();
    for (String column : columns) {
      json.put(column, value(row.getValue(column)));
    }
    return json;
  }

  public static Object value(Object v) {
    if (v instanceof OffsetDateTime t) {
      return timestamp(t);
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof UUID u) {
      return u.toString();
    }
    if (v instanceof String[] strings) {
      return new JsonArray(java.util.List.of((Object[]) strings));
    }
    if (v instanceof Object[] objects) {
      JsonArray array = new JsonArray();
      for (Object o : objects) {
        array.add(value(o));
      }
      return array;
    }
    if (v instanceof java.math.BigDecimal b) {
      return b.doubleValue();
    }
    if (v instanceof io.vertx.sqlclient.data.Numeric n) {
      return n.doubleValue();
    }
    return v;
  }

  public static String timestamp(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(INSTANT);
  }
}

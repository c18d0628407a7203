package com.missedcall.admin.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;

/**
 * One page of a list: {@code {"data":[...], "next_cursor": "..." | null}}. Stores fetch {@code limit + 1}
 * rows; the extra row only tells that there is a next page.
 */
public final class Page {
  private Page() {}

  public static JsonObject of(RowSet<Row> rows, int limit, Function<Row, JsonObject> toJson,
                              Function<Row, Cursor> cursorOf) {
    JsonArray data = new JsonArray();
    Row last = null;
    int n = 0;
    for (Row row : rows) {
      if (n++ == limit) {
        break;
      }
      data.add(toJson.apply(row));
      last = row;
    }
    String next = rows.size() > limit && last != null ? cursorOf.apply(last).encode() : null;
    return new JsonObject().put("data", data).put("next_cursor", next);
  }
}

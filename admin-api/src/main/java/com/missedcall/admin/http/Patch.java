package com.missedcall.admin.http;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SET clause of a partial update, built only from the fields a body carries and only for
 * columns on an allow-list (field name = column name): values always travel as parameters.
 */
public final class Patch {
  private final List<String> fields = new ArrayList<>();
  private final List<String> placeholders = new ArrayList<>();
  private final Tuple values = Tuple.tuple();

  private Patch() {}

  /**
   * @param columns allowed field names and the SQL cast of their parameter (e.g. {@code "jsonb"}; empty for none)
   * @param first   number of the first parameter (the ones before it identify the row)
   */
  public static Patch of(JsonObject body, Map<String, String> columns, int first) {
    Patch patch = new Patch();
    int n = first;
    for (Map.Entry<String, String> column : columns.entrySet()) {
      if (!body.containsKey(column.getKey())) {
        continue;
      }
      String cast = column.getValue().isEmpty() ? "" : "::" + column.getValue();
      patch.fields.add(column.getKey());
      patch.placeholders.add("$" + n++ + cast);
      Object value = body.getValue(column.getKey());
      patch.values.addValue(value instanceof io.vertx.core.json.JsonArray array ? strings(array) : value);
    }
    return patch;
  }

  /** A JSON array as the String[] a {@code text[]} parameter takes. */
  public static String[] strings(io.vertx.core.json.JsonArray array) {
    String[] out = new String[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = String.valueOf(array.getValue(i));
    }
    return out;
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  public List<String> fields() {
    return fields;
  }

  /** {@code a = $3, b = $4::jsonb} */
  public String set() {
    List<String> assignments = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      assignments.add(fields.get(i) + " = " + placeholders.get(i));
    }
    return String.join(", ", assignments);
  }

  /** {@code , a, b} to follow the leading columns of an INSERT */
  public String insertColumns() {
    return fields.stream().map(f -> ", " + f).reduce("", String::concat);
  }

  /** {@code , $3, $4::jsonb} to follow the leading values of an INSERT */
  public String insertValues() {
    return placeholders.stream().map(p -> ", " + p).reduce("", String::concat);
  }

  /** The row-identifying parameters followed by this patch's values. */
  public Tuple after(Object... leading) {
    Tuple all = Tuple.tuple();
    for (Object o : leading) {
      all.addValue(o);
    }
    for (int i = 0; i < values.size(); i++) {
      all.addValue(values.getValue(i));
    }
    return all;
  }
}

package com.missedcall.admin.http;

import com.missedcall.recovery.text.PercentDecoding;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * An opaque keyset-pagination cursor: the sort it belongs to and the last row's sort value and id.
 * Clients pass it back unchanged; a cursor from another sort or a tampered one is refused.
 */
public record Cursor(String sort, String value, long id) {

  public String encode() {
    String json = new JsonObject().put("s", sort).put("v", value).put("i", id).encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Null when {@code raw} is null; a 400 {@code invalid_cursor} when it is not a cursor of {@code sort}. */
  public static Cursor decode(String raw, String sort) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8));
      Cursor cursor = new Cursor(json.getString("s"), json.getString("v"), json.getLong("i"));
      if (!sort.equals(cursor.sort())) {
        throw new IllegalArgumentException("cursor of another sort");
      }
      if (cursor.value() == null || PercentDecoding.hasControl(cursor.value())) {
        throw new IllegalArgumentException("tampered cursor"); // a NUL would reach the database
      }
      return cursor;
    } catch (RuntimeException e) {
      throw ApiProblem.invalid("invalid_cursor", "The cursor is not one this list gave out; start again without it");
    }
  }

  public OffsetDateTime time() {
    try {
      return OffsetDateTime.parse(value);
    } catch (RuntimeException e) {
      throw ApiProblem.invalid("invalid_cursor", "The cursor is not one this list gave out; start again without it");
    }
  }

  public long number() {
    try {
      return Long.parseLong(value);
    } catch (RuntimeException e) {
      throw ApiProblem.invalid("invalid_cursor", "The cursor is not one this list gave out; start again without it");
    }
  }
}

package com.missedcall.admin.intake;

import com.missedcall.admin.http.ApiProblem;
import com.missedcall.recovery.intake.IntakeField;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a workspace's intake page looks like and asks: its brand colour, the questions in the order the page
 * asks them, and how long a link in a text-back stays open. Built from a request body with every problem named
 * at once (400 {@code invalid_intake_page}); the same bounds as the {@code intake_settings} table's checks.
 */
public record IntakePageSettings(String brandColor, List<IntakeField> fields, int linkTtlHours) {
  public static final String DEFAULT_COLOR = "#1d4ed8";
  public static final int DEFAULT_TTL_HOURS = 72;
  public static final int MAX_TTL_HOURS = 720;
  private static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");

  public static final IntakePageSettings DEFAULTS =
      new IntakePageSettings(DEFAULT_COLOR, IntakeField.DEFAULTS, DEFAULT_TTL_HOURS);

  /** The body of a PUT: each field may be left out, keeping {@code current}'s value. */
  public static IntakePageSettings from(JsonObject body, IntakePageSettings current) {
    List<String> problems = new ArrayList<>();
    String color = current.brandColor();
    if (body.containsKey("brand_color")) {
      Object raw = body.getValue("brand_color");
      if (raw instanceof String s && COLOR.matcher(s).matches()) {
        color = s.toLowerCase(Locale.ROOT);
      } else {
        problems.add("brand_color must be a colour written #rrggbb, e.g. #1d4ed8");
      }
    }
    List<IntakeField> fields = current.fields();
    if (body.containsKey("fields")) {
      fields = fields(body.getValue("fields"), problems);
    }
    int ttl = current.linkTtlHours();
    if (body.containsKey("link_ttl_hours")) {
      Object raw = body.getValue("link_ttl_hours");
      if (raw instanceof Integer n && n >= 1 && n <= MAX_TTL_HOURS) {
        ttl = n;
      } else {
        problems.add("link_ttl_hours must be a whole number of hours from 1 to " + MAX_TTL_HOURS + " (30 days)");
      }
    }
    if (!problems.isEmpty()) {
      throw ApiProblem.invalid("invalid_intake_page", String.join("; ", problems));
    }
    return new IntakePageSettings(color, fields, ttl);
  }

  private static List<IntakeField> fields(Object raw, List<String> problems) {
    if (!(raw instanceof JsonArray array)) {
      problems.add("fields must be a list of questions");
      return List.of();
    }
    Set<IntakeField> chosen = new LinkedHashSet<>();
    for (Object item : array) {
      String code = item instanceof String s ? s : String.valueOf(item);
      IntakeField field = IntakeField.of(code).orElse(null);
      if (field == null) {
        problems.add("fields: '" + shortened(code) + "' is not a question the page can ask (one of " + codes() + ")");
      } else if (!chosen.add(field)) {
        problems.add("fields: '" + code + "' is listed twice");
      }
    }
    if (!chosen.contains(IntakeField.NEED)) {
      problems.add("fields must include need: the page always asks what the caller needs");
    }
    return List.copyOf(chosen);
  }

  private static String codes() {
    return String.join(", ", java.util.Arrays.stream(IntakeField.values()).map(IntakeField::code).toList());
  }

  private static String shortened(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  public String[] fieldCodes() {
    return fields.stream().map(IntakeField::code).toArray(String[]::new);
  }

  public JsonObject toJson() {
    return new JsonObject().put("brand_color", brandColor)
        .put("fields", new JsonArray(fields.stream().map(IntakeField::code).toList()))
        .put("link_ttl_hours", linkTtlHours);
  }
}

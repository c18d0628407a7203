package com.missedcall.recovery.copy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values a text-back template may use, for one text. A value that is missing (no booking link set, no hours,
 * no first name known from an earlier intake, no intake page) renders the template's own fallback
 * ({@code {caller_first_name|friend}}) or else the variable's default fallback ({@link #defaultFallback}).
 */
public final class TemplateVariables {
  public static final String BUSINESS = "business";
  public static final String INTAKE_LINK = "intake_link";
  public static final String BOOKING_LINK = "booking_link";
  public static final String HOURS_TODAY = "hours_today";
  public static final String NEXT_OPEN = "next_open";
  public static final String CALLER_FIRST_NAME = "caller_first_name";
  public static final List<String> NAMES = List.of(BUSINESS, INTAKE_LINK, BOOKING_LINK, HOURS_TODAY, NEXT_OPEN,
      CALLER_FIRST_NAME);
  private static final Map<String, String> DEFAULT_FALLBACKS = Map.of(CALLER_FIRST_NAME, "there", NEXT_OPEN, "soon");

  private final Map<String, String> values;

  private TemplateVariables(Map<String, String> values) {
    this.values = values;
  }

  public static TemplateVariables of(String businessName) {
    return new TemplateVariables(Map.of(BUSINESS, businessName));
  }

  /** The same values and one more; null or blank leaves the value missing. */
  public TemplateVariables with(String name, String value) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("not a template variable: " + name);
    }
    Map<String, String> copy = new HashMap<>(values);
    if (value == null || value.isBlank()) {
      copy.remove(name);
    } else {
      copy.put(name, value.strip());
    }
    return new TemplateVariables(Map.copyOf(copy));
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** What a missing value renders when the template gives no fallback: "there" for a first name, "soon" for next_open, else nothing. */
  public static String defaultFallback(String name) {
    return DEFAULT_FALLBACKS.getOrDefault(name, "");
  }
}

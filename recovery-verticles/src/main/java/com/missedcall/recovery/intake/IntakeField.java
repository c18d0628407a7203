package com.missedcall.recovery.intake;

import java.util.List;
import java.util.Optional;

/** A question the intake page may ask; a workspace chooses which ({@code intake_settings.fields}). */
public enum IntakeField {
  FIRST_NAME("first_name", "Your first name", 60),
  NEED("need", "What do you need help with?", 500),
  ADDRESS("address", "Address where you need the service", 200),
  URGENCY("urgency", "How urgent is it?", 20),
  CALLBACK_TIME("callback_time", "Best time to call you back", 100);

  public static final List<String> URGENCIES = List.of("emergency", "today", "this_week", "flexible");
  public static final List<IntakeField> DEFAULTS = List.of(NEED, ADDRESS, URGENCY, CALLBACK_TIME);

  private final String code;
  private final String label;
  private final int maxLength;

  IntakeField(String code, String label, int maxLength) {
    this.code = code;
    this.label = label;
    this.maxLength = maxLength;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  public int maxLength() {
    return maxLength;
  }

  public static Optional<IntakeField> of(String code) {
    for (IntakeField f : values()) {
      if (f.code.equals(code)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** "Emergency", "Today", "This week", "Flexible". */
  public static String urgencyLabel(String urgency) {
    return switch (urgency) {
      case "emergency" -> "Emergency: as soon as possible";
      case "today" -> "Today";
      case "this_week" -> "This week";
      default -> "Whenever suits";
    };
  }
}

package com.missedcall.recovery.copy;

/**
 * What the copy may know of this caller before the decision: whether they are returning, the first name an
 * earlier intake gave (null: not known), and the intake page link made for this text (null: none).
 */
public record CallerFacts(CallerKind kind, String firstName, String intakeLink) {
  public static final CallerFacts FIRST_TIME = new CallerFacts(CallerKind.FIRST_TIME, null, null);

  public CallerFacts withIntakeLink(String link) {
    return new CallerFacts(kind, firstName, link);
  }
}

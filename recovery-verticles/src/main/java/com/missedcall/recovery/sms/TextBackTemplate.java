package com.missedcall.recovery.sms;

/**
 * Renders a workspace's text-back: the business name first, its template, then the opt-out footer.
 * Typographic characters are folded to GSM-7 so the text stays in one segment where it can; when the
 * footer would push it into a second segment, a shorter footer is used.
 */
public final class TextBackTemplate {
  static final String SHORT_FOOTER = "STOP to opt out";

  private TextBackTemplate() {}

  public static TextBack render(String template, String businessName, String footer) {
    return compose(template.replace("{business}", businessName), businessName, footer);
  }

  /** The same for a text whose variables are already filled in ({@code com.missedcall.recovery.copy}). */
  public static TextBack compose(String text, String businessName, String footer) {
    // folded before the prefix check: a folded template never starts with an unfolded name
    String name = SmsSegments.toGsmFriendly(businessName);
    String main = SmsSegments.toGsmFriendly(text.strip());
    if (!main.startsWith(name)) {
      main = name + ": " + main;
    }
    String full = footer == null || footer.isBlank() ? main : main + " " + SmsSegments.toGsmFriendly(footer.strip());
    int segments = SmsSegments.count(full);
    if (segments > 1 && footer != null && !footer.isBlank()) {
      String shorter = main + " " + SHORT_FOOTER;
      if (SmsSegments.count(shorter) < segments) {
        return new TextBack(shorter, SmsSegments.count(shorter));
      }
    }
    return new TextBack(full, segments);
  }
}

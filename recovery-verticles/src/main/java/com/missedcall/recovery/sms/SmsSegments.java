package com.missedcall.recovery.sms;

/**
 * Counts SMS segments the way carriers bill them: GSM-7 (160 characters, 153 per part when split,
 * extension characters count twice) unless any character needs UCS-2 (70, 67 per part; characters
 * outside the BMP count as two UTF-16 units).
 */
public final class SmsSegments {
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

  private SmsSegments() {}

  public static boolean isGsm7(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  public static int count(String text) {
    if (text.isEmpty()) {
      return 1;
    }
    if (isGsm7(text)) {
      int septets = 0;
      for (int i = 0; i < text.length(); i++) {
        septets += GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
      }
      return septets <= 160 ? 1 : (septets + 152) / 153;
    }
    int units = text.length();
    return units <= 70 ? 1 : (units + 66) / 67;
  }

  /**
   * Replaces typographic characters that force UCS-2 (curly quotes, dashes, ellipsis, non-breaking
   * space) with their GSM-7 equivalents, which often keeps a message in one segment.
   */
  public static String toGsmFriendly(String text) {
    return text.replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201C', '"').replace('\u201D', '"')
        .replace('\u2013', '-').replace('\u2014', '-').replace("\u2026", "...").replace('\u00A0', ' ');
  }
}

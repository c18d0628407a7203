package com.missedcall.recovery.sms;

/**
 * Counts SMS segments the way carriers bill them: GSM-7 (160 characters, 153 per part when split,
 * extension characters count twice) unless any character needs UCS-2 (70, 67 per part; characters
 * outside the BMP count as two UTF-16 units). A character is never split across two parts.
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
    boolean gsm = isGsm7(text);
    int single = gsm ? 160 : 70;
    int part = gsm ? 153 : 67;
    int total = 0;
    for (int i = 0; i < text.length(); i++) {
      total += gsm ? septets(text.charAt(i)) : 1;
    }
    if (total <= single) {
      return 1;
    }
    // an escape sequence or a surrogate pair is never split: one that does not fit opens the next part
    int parts = 1;
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int width = gsm ? septets(text.charAt(i)) : Character.charCount(text.codePointAt(i));
      if (used + width > part) {
        parts++;
        used = 0;
      }
      used += width;
      i += gsm ? 1 : width;
    }
    return parts;
  }

  private static int septets(char c) {
    return GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1;
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

package com.missedcall.twiliosim;

/**
 * Counts SMS segments the way carriers bill them: GSM-7 when every character is in the GSM 03.38
 * basic or extension table (160 septets, 153 per part when concatenated, extension characters
 * taking two septets), otherwise UCS-2 (70 code units, 67 per part). A character is never split
 * across two parts, so an escape sequence or a surrogate pair that does not fit starts a new part.
 */
public final class SmsSegments {

  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

  private static final int GSM_SINGLE = 160;
  private static final int GSM_PART = 153;
  private static final int UCS2_SINGLE = 70;
  private static final int UCS2_PART = 67;

  private SmsSegments() {}

  public static int count(String body) {
    if (body == null || body.isEmpty()) {
      return 1;
    }
    return isGsm7(body) ? gsm7Segments(body) : ucs2Segments(body);
  }

  public static boolean isGsm7(String body) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int gsm7Segments(String body) {
    int total = 0;
    for (int i = 0; i < body.length(); i++) {
      total += septets(body.charAt(i));
    }
    if (total <= GSM_SINGLE) {
      return 1;
    }
    int parts = 1;
    int used = 0;
    for (int i = 0; i < body.length(); i++) {
      int width = septets(body.charAt(i));
      if (used + width > GSM_PART) {
        parts++;
        used = 0;
      }
      used += width;
    }
    return parts;
  }

  private static int ucs2Segments(String body) {
    if (body.length() <= UCS2_SINGLE) {
      return 1;
    }
    int parts = 1;
    int used = 0;
    for (int i = 0; i < body.length(); ) {
      int width = Character.charCount(body.codePointAt(i));
      if (used + width > UCS2_PART) {
        parts++;
        used = 0;
      }
      used += width;
      i += width;
    }
    return parts;
  }

  private static int septets(char c) {
    return GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1;
  }
}

package com.missedcall.recovery.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict {@code application/x-www-form-urlencoded} decoding, shared by the Twilio form parser and the
 * admin API's query check: every {@code %} starts two ASCII hex digits, {@code +} is a space, and the
 * decoded bytes must be well-formed UTF-8 (no replacement characters slipped in). Failures are
 * {@link IllegalArgumentException}s with fixed messages that never quote the input or the JDK decoder.
 */
public final class PercentDecoding {
  public static final String BAD_ESCAPE = "invalid percent-escape";
  public static final String BAD_UTF8 = "not valid UTF-8";

  private PercentDecoding() {}

  /** Decodes one name or value. */
  public static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      requireWholeCharacters(s);
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 1 < s.length() ? hex(s.charAt(i + 1)) : -1;
        int lo = i + 2 < s.length() ? hex(s.charAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException(BAD_ESCAPE);
        }
        bytes.write(hi << 4 | lo);
        i += 3;
      } else if (c == '+') {
        bytes.write(' ');
        i++;
      } else {
        int cp = s.codePointAt(i);
        if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
          throw new IllegalArgumentException(BAD_UTF8);
        }
        bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return utf8(bytes.toByteArray());
  }

  /** Strict UTF-8 of raw bytes. */
  public static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(BAD_UTF8);
    }
  }

  /** C0 control characters except TAB, LF and CR (NUL among them: PostgreSQL refuses it in text). */
  public static boolean isControl(char c) {
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
  }

  public static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  public static String stripControls(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isControl(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void requireWholeCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(BAD_UTF8);
      }
    }
  }

  /** ASCII hex digits only ({@code Character.digit} would also take other scripts' digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}

package com.missedcall.admin.webhooks.destination;

import java.net.InetAddress;
import java.util.Optional;

/**
 * IPv4 addresses as text. {@link #canonical} accepts only four decimal numbers without leading zeros;
 * {@link #lenient} reads what C's {@code inet_aton} (and so curl, browsers of old and the system
 * resolver) would: one to four parts, each decimal, octal (leading 0) or hex (0x), the last part
 * filling the remaining bytes, so {@code 0x7f000001}, {@code 2130706433}, {@code 0177.1} and
 * {@code 127.1} all mean 127.0.0.1. Java's own parser disagrees on some of these (it reads
 * {@code 0177.0.0.1} as decimal 177.0.0.1), which is why neither is left to it.
 */
public final class Ipv4Text {
  private Ipv4Text() {}

  public static Optional<InetAddress> canonical(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !digits(p, 10)) {
        return Optional.empty();
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) v;
    }
    return Optional.of(AddressClassifier.v4Address(bytes));
  }

  public static Optional<InetAddress> lenient(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length < 1 || parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long v = number(parts[i]);
      if (v == null) {
        return Optional.empty();
      }
      values[i] = v;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return Optional.empty();
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    if (last >= 1L << (8 * (5 - parts.length))) {
      return Optional.empty();
    }
    address |= last;
    byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    return Optional.of(AddressClassifier.v4Address(bytes));
  }

  private static Long number(String p) {
    int radix = 10;
    String digits = p;
    if (p.length() > 2 && (p.startsWith("0x") || p.startsWith("0X"))) {
      radix = 16;
      digits = p.substring(2);
    } else if (p.length() > 1 && p.charAt(0) == '0') {
      radix = 8;
      digits = p.substring(1);
    }
    if (digits.isEmpty() || digits.length() > 12 || !digits(digits, radix)) {
      return null;
    }
    return Long.parseLong(digits, radix);
  }

  private static boolean digits(String s, int radix) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), radix) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }
}

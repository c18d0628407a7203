package com.missedcall.twiliosim;

import java.util.concurrent.ThreadLocalRandom;

/** Twilio-shaped identifiers: a two-letter prefix and 32 lowercase hex digits. */
final class Sids {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Sids() {}

  static String newSid(String prefix) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] sid = new char[prefix.length() + 32];
    prefix.getChars(0, prefix.length(), sid, 0);
    writeHex(random.nextLong(), sid, prefix.length());
    writeHex(random.nextLong(), sid, prefix.length() + 16);
    return new String(sid);
  }

  private static void writeHex(long value, char[] target, int offset) {
    for (int i = 15; i >= 0; i--) {
      target[offset + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}

package com.missedcall.admin.operator;

import com.missedcall.admin.auth.ApiKeys;

/**
 * The shape of a platform operator's key: {@code mcr_op_} and 32 base-62 characters. The prefix differs from an
 * agency key's ({@code mcr_live_}) and the hashes live in their own table, so neither kind of key opens the
 * other's API.
 */
public final class OperatorKeys {
  public static final String PREFIX = "mcr_op_";
  static final int SECRET_LENGTH = 32;
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private OperatorKeys() {}

  public static ApiKeys.NewKey generate() {
    String key = PREFIX + ApiKeys.random(SECRET_LENGTH);
    return of(key);
  }

  /** A key given as text (the bootstrap key from the environment), with its hash and display prefix. */
  public static ApiKeys.NewKey of(String key) {
    return new ApiKeys.NewKey(key, ApiKeys.hash(key), key.substring(0, PREFIX.length() + 6));
  }

  public static boolean wellFormed(String text) {
    if (text == null || text.length() != PREFIX.length() + SECRET_LENGTH || !text.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < text.length(); i++) {
      if (ALPHABET.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}

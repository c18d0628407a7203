package com.missedcall.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The shape of an API key: {@code mcr_live_} and 32 base-62 characters (190 bits from a
 * {@link SecureRandom}). Only its SHA-256 is stored: with that much entropy a slow password hash adds
 * nothing, and a fast one keeps authentication to one indexed lookup.
 */
public final class ApiKeys {
  public static final String PREFIX = "mcr_live_";
  /** Key scopes: a full key may change what its agency owns, a read-only key may only read it. */
  public static final String FULL = "full";
  public static final String READ_ONLY = "read_only";
  static final int SECRET_LENGTH = 32;
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A freshly generated key: the full text (shown once), its hash and its display prefix. */
  public record NewKey(String key, byte[] hash, String displayPrefix) {}

  private ApiKeys() {}

  public static NewKey generate() {
    String key = PREFIX + random(SECRET_LENGTH);
    return new NewKey(key, hash(key), displayPrefix(key));
  }

  /** Random base-62 text, e.g. for webhook signing secrets. */
  public static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  /** Whether {@code text} can be a key at all, checked before any lookup. */
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

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Enough of the key to recognise it in a list ({@code mcr_live_Ab12Cd}), far too little to guess it. */
  public static String displayPrefix(String key) {
    return key.substring(0, PREFIX.length() + 6);
  }
}

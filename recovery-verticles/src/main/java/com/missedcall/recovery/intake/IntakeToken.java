package com.missedcall.recovery.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret in an intake link: 144 random bits as 24 URL-safe characters. Only its SHA-256 is stored, so the
 * database alone cannot open a caller's page; a token that is not exactly of this shape is never looked up.
 */
public record IntakeToken(String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{24}");

  public static IntakeToken generate() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return new IntakeToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  public static Optional<IntakeToken> parse(String text) {
    return text != null && SHAPE.matcher(text).matches() ? Optional.of(new IntakeToken(text)) : Optional.empty();
  }

  public byte[] sha256() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256());
  }

  @Override
  public String toString() {
    return "IntakeToken[" + value.substring(0, 4) + "…]"; // never the whole secret in a log line
  }
}

package com.missedcall.twiliosim;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes {@code X-Twilio-Signature} the way Twilio and its helper libraries do: HMAC-SHA1 keyed
 * with the auth token over the URL followed by every form parameter, sorted by name.
 */
public final class TwilioSignature {

  public static final String HEADER = "X-Twilio-Signature";

  private TwilioSignature() {}

  /**
   * Signs a URL and form parameters. Names sort in case-sensitive {@link String} order; the values
   * of a repeated name are de-duplicated and sorted, each emitted as name + value; a null value
   * counts as the empty string.
   */
  public static String sign(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) -> {
      TreeSet<String> sorted = new TreeSet<>();
      if (values == null || values.isEmpty()) {
        sorted.add("");
      } else {
        values.forEach(value -> sorted.add(value == null ? "" : value));
      }
      sorted.forEach(value -> data.append(name).append(value));
    });
    return hmacSha1Base64(authToken, data.toString());
  }

  /** Signs single-valued parameters (the common case: Twilio's own webhooks never repeat a name). */
  public static String signSingleValued(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
    return hmacSha1Base64(authToken, data.toString());
  }

  /**
   * Signs the form attributes of a Vert.x request, repeated names included. Vert.x form maps are
   * case-insensitive, so names differing only in case collapse; parse the raw body with
   * {@link FormEncoding#decode} when that matters.
   */
  public static String sign(String authToken, String url, MultiMap params) {
    Map<String, List<String>> grouped = new TreeMap<>();
    params.names().forEach(name -> grouped.put(name, params.getAll(name)));
    return sign(authToken, url, grouped);
  }

  /** Constant-time check of a received signature; a null or empty signature never matches. */
  public static boolean matches(String authToken, String url, Map<String, List<String>> params, String signature) {
    return signature != null && !signature.isEmpty() && constantTimeEquals(sign(authToken, url, params), signature);
  }

  /** As {@link #matches(String, String, Map, String)} for Vert.x form attributes. */
  public static boolean matches(String authToken, String url, MultiMap params, String signature) {
    return signature != null && !signature.isEmpty() && constantTimeEquals(sign(authToken, url, params), signature);
  }

  private static boolean constantTimeEquals(String expected, String actual) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The URL Twilio signs for a JSON-body webhook: the original URL with {@code bodySHA256} (hex
   * SHA-256 of the raw body) appended to its query string.
   */
  public static String bodyHashUrl(String url, String body) {
    String separator = url.contains("?") ? "&" : "?";
    return url + separator + "bodySHA256=" + sha256Hex(body);
  }

  /** Signs a JSON-body webhook URL (one that already carries {@code bodySHA256}): no parameters. */
  public static String signBodyHashUrl(String authToken, String urlWithBodyHash) {
    return hmacSha1Base64(authToken, urlWithBodyHash);
  }

  /** Twilio signs the URL it was configured with minus any connection-override fragment. */
  public static String withoutFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  static String sha256Hex(String body) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static String hmacSha1Base64(String authToken, String data) {
    Objects.requireNonNull(authToken, "authToken");
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }
}

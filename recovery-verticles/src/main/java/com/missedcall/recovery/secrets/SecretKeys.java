package com.missedcall.recovery.secrets;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys secrets at rest are sealed with: the current one (new values are sealed under it) and the
 * previous ones still accepted for opening, each under its id. {@code toString} never shows key material.
 */
public final class SecretKeys {
  /** Key ids are written into every sealed value, so they stay short and unambiguous. */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  public static final int KEY_BYTES = 32;

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private SecretKeys(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * @param current  the key new values are sealed under
   * @param previous keys still accepted for opening (id to 32 raw bytes), e.g. during a rotation
   * @throws IllegalArgumentException naming what is wrong (never the key itself)
   */
  public static SecretKeys of(String currentId, byte[] current, Map<String, byte[]> previous) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    keys.put(checkedId(currentId), aes(currentId, current));
    previous.forEach((id, bytes) -> {
      if (keys.containsKey(checkedId(id))) {
        throw new IllegalArgumentException("key id '" + id + "' is given twice");
      }
      keys.put(id, aes(id, bytes));
    });
    return new SecretKeys(currentId, keys);
  }

  /** A base64 (standard or URL alphabet) 256-bit key; the message names the problem, never the text. */
  public static byte[] decode(String base64) {
    byte[] bytes;
    try {
      String text = base64.trim();
      bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("decodes to " + bytes.length + " bytes, expected " + KEY_BYTES
          + " (a 256-bit key, e.g. `openssl rand -base64 32`)");
    }
    return bytes;
  }

  private static String checkedId(String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("key id '" + id + "' is not valid: expected 1 to 32 letters, digits, - or _");
    }
    return id;
  }

  private static SecretKey aes(String id, byte[] bytes) {
    if (bytes == null || bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("key '" + id + "' is not " + KEY_BYTES + " bytes");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  public String currentId() {
    return currentId;
  }

  public SecretKey current() {
    return keys.get(currentId);
  }

  /** The key with this id, or null when it is not configured. */
  public SecretKey byId(String id) {
    return keys.get(id);
  }

  public java.util.Set<String> ids() {
    return keys.keySet();
  }

  @Override
  public String toString() {
    return "SecretKeys[current=" + currentId + ", known=" + keys.keySet() + "]";
  }
}

package com.missedcall.recovery.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets at rest (Twilio auth tokens, outbound-webhook signing secrets) with AES-256-GCM: a random
 * 96-bit nonce per value and the row's identity as associated data, so a sealed value copied into another
 * row does not open. A sealed value is text, {@code enc:v1:<key id>:<base64url(nonce | ciphertext | tag)>}:
 * the key id lets keys rotate (open with any configured key, seal with the current one).
 * A value without that prefix is a plaintext left from before sealing; it opens as itself until the
 * start-up step ({@link PlaintextSecrets}) seals it. CPU work of microseconds: fine on an event loop.
 */
public final class SecretBox {
  public static final String PREFIX = "enc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeys keys;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(SecretKeys keys) {
    this.keys = keys;
  }

  public SecretKeys keys() {
    return keys;
  }

  /** {@code plaintext} sealed under the current key, bound to {@code rowIdentity} (e.g. {@code twilio_accounts/AC…}). */
  public String seal(String plaintext, String rowIdentity) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, rowIdentity);
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + keys.currentId() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * The plaintext of a stored value (null stays null; a legacy plaintext is returned as it is).
   *
   * @throws SecretUnreadable when it is sealed under a key id not configured, or does not authenticate
   */
  public String open(String stored, String rowIdentity) {
    if (stored == null || !isSealed(stored)) {
      return stored;
    }
    String rest = stored.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      throw new SecretUnreadable("the secret of " + rowIdentity + " is not a well-formed sealed value");
    }
    String keyId = rest.substring(0, colon);
    SecretKey key = keys.byId(keyId);
    if (key == null) {
      throw new SecretUnreadable("the secret of " + rowIdentity + " is sealed under key id '" + keyId
          + "', which is not configured (known: " + keys.ids() + "): add it to SECRETS_OLD_KEYS");
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new SecretUnreadable("the secret of " + rowIdentity + " is not a well-formed sealed value");
    }
    if (in.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretUnreadable("the secret of " + rowIdentity + " is not a well-formed sealed value");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(in, NONCE_BYTES), rowIdentity);
      return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SecretUnreadable("the secret of " + rowIdentity + " does not open under key id '" + keyId
          + "': that id holds a different key than the one it was sealed with (or the value was altered or"
          + " copied from another row)", e);
    } catch (GeneralSecurityException e) {
      throw new SecretUnreadable("the secret of " + rowIdentity + " could not be opened: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Whether this stored value is sealed (rather than a plaintext left from before). */
  public static boolean isSealed(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  /** The key id a sealed value names, or null for a plaintext. */
  public static String keyIdOf(String stored) {
    if (!isSealed(stored)) {
      return null;
    }
    String rest = stored.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    return colon <= 0 ? null : rest.substring(0, colon);
  }

  /** Whether the start-up step should (re)seal it: a plaintext, or sealed under a key that is no longer current. */
  public boolean needsSealing(String stored) {
    return stored != null && !keys.currentId().equals(keyIdOf(stored));
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String rowIdentity) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(rowIdentity.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  /** Row identities: the associated data a secret is bound to. */
  public static String twilioAccount(String accountSid) {
    return "twilio_accounts/" + accountSid;
  }

  public static String webhookEndpoint(long id) {
    return "webhook_endpoints/" + id;
  }

  public static String workspaceOutcomes(long workspaceId) {
    return "workspace_outcome_secrets/" + workspaceId;
  }
}

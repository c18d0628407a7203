package com.missedcall.recovery.secrets;

/**
 * A sealed secret that cannot be opened with the configured keys: its key id is not configured, or it
 * does not authenticate (wrong key under that id, altered, or moved from another row). The message
 * names the row and the key id, never the secret.
 */
public final class SecretUnreadable extends RuntimeException {
  public SecretUnreadable(String message) {
    super(message);
  }

  public SecretUnreadable(String message, Throwable cause) {
    super(message, cause);
  }
}

package com.missedcall.recovery;

/** PostgreSQL could not answer or store what a request needs: nothing was acknowledged, the caller should retry. */
public final class StorageUnavailable extends RuntimeException {
  public StorageUnavailable(Throwable cause) {
    super("storage unavailable: " + cause.getMessage(), cause);
  }
}

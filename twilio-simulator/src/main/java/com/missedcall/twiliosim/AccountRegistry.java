package com.missedcall.twiliosim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Account SIDs and their auth tokens; written by tests or the control API, read by every request. */
final class AccountRegistry {

  private final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();

  void add(String accountSid, String authToken) {
    tokens.put(Objects.requireNonNull(accountSid, "accountSid"), Objects.requireNonNull(authToken, "authToken"));
  }

  Optional<String> tokenOf(String accountSid) {
    return Optional.ofNullable(tokens.get(accountSid));
  }

  boolean verify(String accountSid, String authToken) {
    String known = tokens.get(accountSid);
    return known != null
        && authToken != null
        && MessageDigest.isEqual(known.getBytes(StandardCharsets.UTF_8), authToken.getBytes(StandardCharsets.UTF_8));
  }
}

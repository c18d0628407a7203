package com.missedcall.twiliosim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Account SIDs and their auth tokens, and which account a phone number is on; written by tests or the
 * control API, read by every request.
 */
final class AccountRegistry {

  private final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> numberOwners = new ConcurrentHashMap<>();

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

  void placeNumber(String accountSid, String phoneNumber) {
    numberOwners.put(Objects.requireNonNull(phoneNumber, "phoneNumber"), Objects.requireNonNull(accountSid, "accountSid"));
  }

  /**
   * Whether Twilio would list the number among the account's incoming numbers. A number placed on no
   * account is on whichever account asks, so tests and the demo need not place every number they use.
   */
  boolean hasNumber(String accountSid, String phoneNumber) {
    String owner = numberOwners.get(phoneNumber);
    return owner == null || owner.equals(accountSid);
  }
}

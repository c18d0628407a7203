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
  /** Verified outgoing caller IDs (phones that are not Twilio numbers), by account. */
  private final ConcurrentHashMap<String, java.util.Set<String>> callerIds = new ConcurrentHashMap<>();
  /** Where a call to a number goes (its Voice URL and status callback, as set on the number at Twilio). */
  private final ConcurrentHashMap<String, VoiceRoute> voiceRoutes = new ConcurrentHashMap<>();
  private volatile VoiceRoute fallbackRoute;
  private volatile boolean allCallerIdsVerified;

  /** A number's voice configuration: "a call comes in" URL and its status callback (may be null). */
  record VoiceRoute(String voiceUrl, String statusCallback) {}

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

  /** Marks {@code phoneNumber} a verified outgoing caller ID of the account (Twilio's Verified Caller IDs). */
  void verifyCallerId(String accountSid, String phoneNumber) {
    callerIds.computeIfAbsent(Objects.requireNonNull(accountSid, "accountSid"), k -> ConcurrentHashMap.newKeySet())
        .add(Objects.requireNonNull(phoneNumber, "phoneNumber"));
  }

  void verifyAllCallerIds() {
    allCallerIdsVerified = true;
  }

  boolean isCallerId(String accountSid, String phoneNumber) {
    if (allCallerIdsVerified) {
      return true;
    }
    java.util.Set<String> ids = callerIds.get(accountSid);
    return ids != null && ids.contains(phoneNumber);
  }

  /**
   * Whether the account may place a call showing {@code phoneNumber} (Twilio's rule: one of its numbers or a
   * verified caller ID). A number placed on no account counts as the account's, as for {@link #hasNumber}, unless
   * another account verified it as its caller ID: then it is somebody's phone, not a Twilio number.
   */
  boolean mayCallFrom(String accountSid, String phoneNumber) {
    if (isCallerId(accountSid, phoneNumber)) {
      return true;
    }
    String owner = numberOwners.get(phoneNumber);
    if (owner != null) {
      return owner.equals(accountSid);
    }
    return callerIds.values().stream().noneMatch(ids -> ids.contains(phoneNumber));
  }

  /** Sets where a call to {@code phoneNumber} goes. */
  void routeNumber(String phoneNumber, VoiceRoute route) {
    voiceRoutes.put(Objects.requireNonNull(phoneNumber, "phoneNumber"), Objects.requireNonNull(route, "route"));
  }

  /** Where calls to numbers without a route of their own go (null: nowhere, the callee just answers). */
  void routeOtherNumbers(VoiceRoute route) {
    fallbackRoute = route;
  }

  Optional<VoiceRoute> voiceRoute(String phoneNumber) {
    VoiceRoute own = voiceRoutes.get(phoneNumber);
    return Optional.ofNullable(own != null ? own : fallbackRoute);
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

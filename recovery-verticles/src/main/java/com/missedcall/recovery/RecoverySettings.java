package com.missedcall.recovery;

import java.net.URI;
import java.time.Duration;

/**
 * What the recovery components need from the gateway's configuration, already validated.
 *
 * @param publicBaseUrl      the public base URL Twilio reaches us at (callback URLs are built on it)
 * @param twilioApiBaseUrl   Twilio's REST API base (the simulator's in tests and the demo)
 * @param twilioTimeout      how long a Twilio REST request may take before its outcome is unknown
 * @param redisKeyPrefix     prefix of every Redis key this deployment owns
 * @param doneTtl            how long a decided CallSid is remembered in Redis
 * @param jobLease           how long a claimed job is owned before another worker may take it over
 * @param sweepInterval      how often the sweeper looks for due jobs and expired leases
 * @param maxSendAttempts    attempts before a text-back job is given up
 */
public record RecoverySettings(URI publicBaseUrl, URI twilioApiBaseUrl, Duration twilioTimeout,
                               String redisKeyPrefix, Duration doneTtl, Duration jobLease,
                               Duration sweepInterval, int maxSendAttempts) {

  /** Base URL without a trailing slash. */
  public String baseUrl() {
    String s = publicBaseUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}

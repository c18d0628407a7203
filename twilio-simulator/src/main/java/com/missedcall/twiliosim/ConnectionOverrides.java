package com.missedcall.twiliosim;

import io.vertx.core.AsyncResult;
import java.util.Set;

/**
 * Twilio's webhook connection overrides, carried in the URL fragment
 * ({@code #ct=1000&rt=5000&rc=3&rp=ct,rt,5xx}): connect/read timeouts, retry count, and which
 * outcomes (connect timeout, read timeout, 4xx, 5xx, all) may be retried. Without a fragment
 * nothing is retried.
 */
record ConnectionOverrides(
    String url, int retryCount, Set<String> retryPolicy, long connectTimeoutMs, long readTimeoutMs) {

  private static final int MAX_RETRIES = 5;
  private static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  private static final long DEFAULT_READ_TIMEOUT_MS = 15_000;

  static ConnectionOverrides parse(String url) {
    int hash = url.indexOf('#');
    if (hash < 0) {
      return new ConnectionOverrides(url, 0, Set.of(), DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS);
    }
    int retries = 0;
    Set<String> policy = Set.of();
    long connectTimeout = DEFAULT_CONNECT_TIMEOUT_MS;
    long readTimeout = DEFAULT_READ_TIMEOUT_MS;
    for (String pair : url.substring(hash + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String value = pair.substring(eq + 1);
      switch (pair.substring(0, eq)) {
        case "rc" -> retries = Math.min(MAX_RETRIES, Math.max(0, parseOr(value, 0)));
        case "rp" -> policy = Set.of(value.split(","));
        case "ct" -> connectTimeout = parseOr(value, (int) DEFAULT_CONNECT_TIMEOUT_MS);
        case "rt" -> readTimeout = parseOr(value, (int) DEFAULT_READ_TIMEOUT_MS);
        default -> { }
      }
    }
    return new ConnectionOverrides(url.substring(0, hash), retries, policy, connectTimeout, readTimeout);
  }

  /** Whether this outcome may be retried; a failure to connect or read counts as ct/rt. */
  boolean allowsRetryOf(AsyncResult<WebhookResponse> outcome) {
    if (retryPolicy.contains("all")) {
      return outcome.failed() || !outcome.result().isSuccess();
    }
    if (outcome.failed()) {
      return retryPolicy.contains("ct") || retryPolicy.contains("rt");
    }
    int status = outcome.result().statusCode();
    return (status >= 500 && retryPolicy.contains("5xx")) || (status >= 400 && status < 500 && retryPolicy.contains("4xx"));
  }

  private static int parseOr(String value, int fallback) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}

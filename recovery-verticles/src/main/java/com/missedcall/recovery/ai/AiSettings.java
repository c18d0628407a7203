package com.missedcall.recovery.ai;

import java.time.Duration;

/**
 * How the AI replier works, from the gateway's configuration.
 *
 * @param enabled    the global switch: off, no conversation gets an automated answer
 * @param baseUrl    an OpenAI-compatible API base (e.g. {@code https://api.openai.com/v1}); null: the built-in
 *                   intake script answers
 * @param model      the model name sent with each request
 * @param apiKey     sent as a bearer token (may be null for local servers)
 * @param timeout    per request; after it the attempt counts as failed
 * @param maxRetries further attempts after a timeout, connection error, 429 or 5xx
 */
public record AiSettings(boolean enabled, String baseUrl, String model, String apiKey, Duration timeout,
                         int maxRetries) {

  public boolean modelConfigured() {
    return baseUrl != null && !baseUrl.isBlank();
  }

  /** The longest one reply can wait for the model, retries included. */
  public Duration worstCase() {
    return timeout.multipliedBy(maxRetries + 1L).plusMillis(200L * (1L << Math.min(10, maxRetries)));
  }

  @Override
  public String toString() {
    return "AiSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
        + (apiKey == null ? "none" : "***") + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "]";
  }
}

package com.missedcall.admin;

import com.missedcall.admin.webhooks.destination.AllowedNetworks;
import java.time.Duration;

/**
 * What the admin API needs from the gateway's configuration, already validated.
 *
 * @param publicBaseUrl        the URL Twilio reaches the gateway at (setup instructions, simulated webhooks)
 * @param redisKeyPrefix       prefix of every Redis key (the rate-limit counters)
 * @param redisTimeout         budget of a rate-limit check; slower Redis lets the request through
 * @param rateLimitPerMinute   requests per API key per minute
 * @param webhookTimeout       how long an outbound webhook may take to answer
 * @param webhookMaxAttempts   attempts before a delivery is given up
 * @param webhookRetryBase     first retry delay (doubling, with jitter, up to an hour)
 * @param sweepInterval        how often the webhook dispatcher looks for due deliveries
 * @param jobLease             how long a claimed delivery belongs to one worker
 * @param simulatorUrl         the Twilio simulator's base URL for the demo, or null (no demo)
 * @param webhookAllowedNetworks non-public networks outbound webhooks may still be delivered to (usually none)
 * @param twilioApiBaseUrl     Twilio's REST API (or the simulator), asked to prove an account or a number is the caller's
 * @param twilioTimeout        how long such a proof may take
 */
public record AdminSettings(String publicBaseUrl, String redisKeyPrefix, Duration redisTimeout, int rateLimitPerMinute,
                            Duration webhookTimeout, int webhookMaxAttempts, Duration webhookRetryBase,
                            Duration sweepInterval, Duration jobLease, String simulatorUrl,
                            AllowedNetworks webhookAllowedNetworks, String twilioApiBaseUrl,
                            Duration twilioTimeout) {

  public AdminSettings {
    java.util.Objects.requireNonNull(webhookAllowedNetworks, "webhookAllowedNetworks (AllowedNetworks.NONE for none)");
  }

  /** The same settings with these networks allowed for outbound webhooks. */
  public AdminSettings withWebhookAllowedNetworks(AllowedNetworks networks) {
    return new AdminSettings(publicBaseUrl, redisKeyPrefix, redisTimeout, rateLimitPerMinute, webhookTimeout,
        webhookMaxAttempts, webhookRetryBase, sweepInterval, jobLease, simulatorUrl, networks, twilioApiBaseUrl,
        twilioTimeout);
  }

  public boolean demo() {
    return simulatorUrl != null;
  }
}

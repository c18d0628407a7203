package com.missedcall.recovery.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's own meters. Names follow Prometheus conventions with units; labels are bounded
 * (route, outcome, reason, status, error code), never a phone number, path or address.
 */
public final class RecoveryMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final Timer textbackLatency;
  private final AtomicLong outboxBacklog = new AtomicLong();
  private final AtomicLong outboxOldestAgeSeconds = new AtomicLong();

  public RecoveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.textbackLatency = Timer.builder("recovery_textback_latency")
        .description("Webhook received to SMS accepted by Twilio")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1),
            Duration.ofSeconds(5))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
    registry.gauge("recovery_outbox_backlog_jobs", outboxBacklog);
    registry.gauge("recovery_outbox_oldest_job_age_seconds", outboxOldestAgeSeconds);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A decision taken on a call event, by its reason. */
  public void decision(String reason) {
    counter("recovery_decisions_total", "reason", reason).increment();
  }

  /** A webhook handled, by route and outcome (ok, duplicate, ignored, unknown_number, rejected, unavailable). */
  public void webhook(String route, String outcome, long startNanos) {
    timers.computeIfAbsent(route + "|" + outcome, k -> Timer.builder("recovery_webhook_duration")
        .description("Time to acknowledge a Twilio webhook")
        .tag("route", route).tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void textbackAccepted(Duration sinceWebhook) {
    textbackLatency.record(sinceWebhook);
  }

  /** An SMS send attempt's result, by status (accepted, retry, failed, opted_out, unknown) and Twilio error code. */
  public void sms(String status, String errorCode) {
    counters.computeIfAbsent("sms|" + status + "|" + errorCode, k -> Counter.builder("recovery_sms_total")
        .description("SMS send attempts by result")
        .tag("status", status).tag("error_code", errorCode)
        .register(registry)).increment();
  }

  public void fastPath(String verdict) {
    counter("recovery_fastpath_verdicts_total", "verdict", verdict).increment();
  }

  public void redisError() {
    counter("recovery_redis_errors_total", "component", "fastpath").increment();
  }

  public void outbox(long backlog, long oldestAgeSeconds) {
    outboxBacklog.set(backlog);
    outboxOldestAgeSeconds.set(oldestAgeSeconds);
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).tag(tag, value).register(registry));
  }
}

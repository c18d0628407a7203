package com.missedcall.recovery.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's own meters. Names follow Prometheus conventions with units; labels are bounded
 * (route, outcome, reason, status, result, source, component, error code), never a phone number, path or
 * address.
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

  /**
   * A webhook handled, by route and outcome (ok, duplicate, ignored, foreign (a status callback from an account
   * that did not send the message), unknown_number, rejected, unavailable).
   */
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

  /**
   * One outbound text's turn with the Twilio Messages API, by result: {@code accepted} (including a text found at
   * Twilio after an unknown outcome), {@code rejected} (4xx, for good), {@code throttled} (429/5xx),
   * {@code unknown} (may have been sent: looked up before any retry), {@code not_sent} (Twilio unreachable),
   * {@code opted_out}, {@code held} (quiet hours), {@code paused} (carriers blocked the workspace) and
   * {@code no_credentials}; the error code is Twilio's, or
   * {@code none}.
   */
  public void smsSendAttempt(String result, String errorCode) {
    counterWithErrorCode("recovery_sms_send_attempts_total", "SMS send attempts by result and Twilio error code",
        "result", result, errorCode).increment();
  }

  /**
   * An outbound text given up before Twilio accepted it, by reason: {@code send_failed} (the last allowed
   * attempt was throttled, not sent or of unknown outcome), {@code lookup_failed} (the last allowed look-up
   * at Twilio before a resend failed) and {@code attempts_exhausted} (claimed past the limit without ever
   * being settled, e.g. leases that kept expiring). Callers register every reason at zero.
   */
  public Counter smsGivenUp(String reason) {
    return counter("recovery_sms_given_up_total", "reason", reason);
  }

  /**
   * A settle (complete, retry, hold, fail) refused because the claim it came from had expired and the job was
   * claimed again (it changed nothing), by queue ({@code sms}; the admin webhook worker logs its own).
   */
  public Counter staleSettles(String queue) {
    return counter("recovery_stale_settles_total", "queue", queue);
  }

  /** A delivery status reported by a Twilio status callback that moved a message forward. */
  public void smsDeliveryStatus(String status, String errorCode) {
    counterWithErrorCode("recovery_sms_delivery_status_total", "SMS delivery statuses from Twilio status callbacks",
        "status", status, errorCode).increment();
  }

  /** A workspace's sending paused because carriers blocked its texts, by Twilio error code (30007, 30034). */
  public void sendingPaused(int code) {
    counters.computeIfAbsent("recovery_sending_paused_total|" + code, k -> Counter.builder("recovery_sending_paused_total")
        .description("Workspaces whose sending was paused because carriers blocked their texts")
        .tag("code", String.valueOf(code)).register(registry)).increment();
  }

  /** An AI reply queued to a caller, by source: {@code model}, {@code intake_script}, {@code fallback}. */
  public void aiReplied(String source) {
    counter("recovery_ai_replies_total", "source", source).increment();
  }

  /** A caller's text the AI did not answer, by skip reason (the bounded skip reason codes). */
  public void aiSkipped(String reason) {
    counter("recovery_ai_skips_total", "reason", reason).increment();
  }

  /**
   * Registers the AI meters at zero for every source and reason, so their rates exist before the first
   * reply (a missing series is not a zero in PromQL).
   */
  public void declareAi(Collection<String> sources, Collection<String> skipReasons) {
    sources.forEach(s -> counter("recovery_ai_replies_total", "source", s));
    skipReasons.forEach(r -> counter("recovery_ai_skips_total", "reason", r));
  }

  /**
   * PostgreSQL work a background component gave up on (server unreachable, pool timeout, failed query), by
   * component; registered when the component is built, so it shows at zero. Failed queries alone are also in
   * {@code vertx_sql_resets_total}, refused connections only here; webhooks report theirs as the outcome
   * {@code unavailable}.
   */
  public Counter postgresErrors(String component) {
    return counter("recovery_postgres_errors_total", "component", component);
  }

  /** Work refused before anything of it ran ({@code recovery_admission_shed_total}, as the database budget counts). */
  public void shed(String priority, String reason) {
    counters.computeIfAbsent("recovery_admission_shed_total|" + priority + "|" + reason,
        k -> com.missedcall.recovery.db.DatabaseBudget.shedCounter(registry, priority, reason)).increment();
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

  private Counter counterWithErrorCode(String name, String description, String tag, String value, String errorCode) {
    return counters.computeIfAbsent(name + "|" + value + "|" + errorCode, k -> Counter.builder(name)
        .description(description).tag(tag, value).tag("error_code", errorCode).register(registry));
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).tag(tag, value).register(registry));
  }
}

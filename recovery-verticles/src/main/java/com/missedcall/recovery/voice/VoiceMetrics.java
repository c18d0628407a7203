package com.missedcall.recovery.voice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Voice recovery's meters: recoveries by outcome (every call voice was meant to handle, counted once when its
 * outcome is decided), fallbacks by reason, and the time to answer a turn by who answered it.
 */
public final class VoiceMetrics {
  /** Who answered a turn: the greeting, the model, the script (no model), the script for a failed or late model. */
  static final List<String> SOURCES = List.of("greeting", "model", "script", "fallback");

  private final MeterRegistry registry;

  public VoiceMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (VoiceOutcome outcome : VoiceOutcome.values()) {
      recoveries(outcome.code());
      if (!outcome.recovered()) {
        fallbacks(outcome.code());
      }
    }
    SOURCES.forEach(this::latency);
  }

  public void decided(VoiceOutcome outcome) {
    recoveries(outcome.code()).increment();
    if (!outcome.recovered()) {
      fallbacks(outcome.code()).increment();
    }
  }

  public void turn(String source, long nanos) {
    latency(source).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter recoveries(String outcome) {
    return Counter.builder("recovery_voice_recoveries_total").description("Calls voice recovery handled, by outcome")
        .tag("outcome", outcome).register(registry);
  }

  private Counter fallbacks(String reason) {
    return Counter.builder("recovery_voice_fallbacks_total").description("Voice recoveries that fell back, by reason")
        .tag("reason", reason).register(registry);
  }

  private Timer latency(String source) {
    return Timer.builder("recovery_voice_turn_latency").description("Turn webhook received to TwiML answered")
        .tag("source", source)
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(15))
        .register(registry);
  }
}

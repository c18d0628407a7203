package com.missedcall.recovery.voice;

import java.time.Duration;

/**
 * Voice recovery as the operator configured it.
 *
 * @param enabled        the global switch: off, a workspace that turned voice on falls back with {@code voice_disabled}
 * @param modelBudget    how long one turn waits for the model before the script's next question answers instead;
 *                       well inside Twilio's 15 s for a webhook's answer
 * @param gatherTimeout  seconds of silence before a {@code <Gather>} gives up waiting for the caller to start
 * @param speechTimeout  Twilio's {@code speechTimeout}: seconds of silence that end the caller's words, or {@code auto}
 * @param maxTurns       caller turns at most; then the call closes with what was captured
 */
public record VoiceConfig(boolean enabled, Duration modelBudget, int gatherTimeout, String speechTimeout, int maxTurns) {

  public static VoiceConfig defaults() {
    return new VoiceConfig(true, Duration.ofMillis(4_000), 5, "auto", 8);
  }
}

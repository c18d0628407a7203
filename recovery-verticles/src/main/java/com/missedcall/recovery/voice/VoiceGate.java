package com.missedcall.recovery.voice;

import java.util.Optional;

/**
 * Whether voice recovery runs on a missed call. {@link Verdict#NOT_CONFIGURED}: the workspace did not turn voice
 * on, or the call would not be recovered by any channel (inactive workspace, billing paused, hidden caller):
 * the existing text-back decision takes the call and records its reason. Otherwise voice runs, or falls back
 * with the reason recorded on the call.
 */
public final class VoiceGate {
  public enum Verdict { RUN, FALL_BACK, NOT_CONFIGURED }

  public record Gate(Verdict verdict, VoiceOutcome reason) {
    static Gate run() {
      return new Gate(Verdict.RUN, null);
    }

    static Gate notConfigured() {
      return new Gate(Verdict.NOT_CONFIGURED, null);
    }

    static Gate fallBack(VoiceOutcome reason) {
      return new Gate(Verdict.FALL_BACK, reason);
    }
  }

  private VoiceGate() {}

  /**
   * @param verified        the number's voice webhooks reached the gateway before (see {@code VoiceTurnStore})
   * @param callerTextable  the caller's number is a real, textable number (a lead can be kept for it)
   */
  public static Gate decide(boolean globallyEnabled, Optional<VoiceChannels> channels, boolean verified,
                            boolean callerTextable) {
    if (channels.isEmpty() || !channels.get().voiceEnabled()) {
      return Gate.notConfigured();
    }
    VoiceChannels ws = channels.get();
    if (!ws.active() || !ws.billingActive() || !callerTextable) {
      return Gate.notConfigured();
    }
    if (!globallyEnabled) {
      return Gate.fallBack(VoiceOutcome.VOICE_DISABLED);
    }
    if (!ws.planVoice()) {
      return Gate.fallBack(VoiceOutcome.VOICE_NOT_IN_PLAN);
    }
    if (!verified) {
      return Gate.fallBack(VoiceOutcome.VOICE_NOT_VERIFIED);
    }
    return Gate.run();
  }
}

package com.missedcall.recovery.voice;

import java.time.Duration;
import java.time.ZoneId;

/**
 * A workspace's recovery channels as voice recovery needs them, with what gates them (state, billing, plan)
 * and what the assistant may say (name, services, AI switches).
 */
public record VoiceChannels(long workspaceId, String businessName, boolean active, boolean billingActive,
                            boolean planVoice, boolean planAi, boolean aiEnabled, boolean voiceEnabled,
                            VoiceFallback fallback, boolean recordingEnabled, String language, boolean alertCalls,
                            boolean callerSummary, boolean teamSummary, String services, ZoneId timezone,
                            Duration staleAfter, boolean allowPrices, boolean allowDiscounts,
                            boolean allowArrivalTimes) {

  /** The fallback that can actually run: a voicemail only when recording is allowed. */
  public VoiceFallback effectiveFallback() {
    return fallback == VoiceFallback.VOICEMAIL && !recordingEnabled ? VoiceFallback.NONE : fallback;
  }
}

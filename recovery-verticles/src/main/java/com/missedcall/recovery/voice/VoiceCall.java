package com.missedcall.recovery.voice;

/**
 * One voice recovery as stored ({@code voice_calls}): where the intake stands and how it ended.
 *
 * @param leadId       null when voice never started (a gate fell back at once)
 * @param turns        caller turns answered so far (the greeting is turn 0 and not counted)
 * @param endedReason  why the voice flow ended the call itself ('no_speech', 'max_turns'), or null
 * @param decided      the final status callback (or the gate) decided the outcome
 */
public record VoiceCall(long id, long workspaceId, String accountSid, String callSid, String caller, String called,
                        Long leadId, Long conversationId, VoiceStep step, VoiceFacts facts, int turns,
                        int spokenTurns, int silentInARow, boolean modelFailed, boolean urgentAlerted,
                        boolean failureAlerted, String endedReason, boolean completed, String outcome,
                        String fallback, boolean decided) {

  /** How the call ended for voice recovery, once it is over. */
  public VoiceOutcome outcomeAtEnd() {
    if (outcome != null) {
      return VoiceOutcome.ofCode(outcome);
    }
    if (completed) {
      return VoiceOutcome.VOICE_RECOVERED;
    }
    if ("no_speech".equals(endedReason) || (turns > 0 && spokenTurns == 0)) {
      return VoiceOutcome.VOICE_NO_SPEECH;
    }
    if (modelFailed) {
      return VoiceOutcome.VOICE_AI_FAILED;
    }
    return VoiceOutcome.VOICE_CALLER_HUNG_UP;
  }
}

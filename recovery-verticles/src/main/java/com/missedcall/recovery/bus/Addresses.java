package com.missedcall.recovery.bus;

/**
 * Event-bus addresses, in one place. The bus only carries hints and hand-offs: the work itself is in
 * Postgres, and a lost message only delays it until a sweeper finds it.
 */
public final class Addresses {
  /** Body: the job id (Long) of an outbound SMS job (a text-back or any other text) that was just committed. */
  public static final String SMS_JOB_READY = "recovery.sms.ready";
  /**
   * Body: a {@link com.missedcall.recovery.work.HandOff} of a {@link com.missedcall.recovery.sms.ClaimedSms}, a
   * text-back committed already claimed by this process: the sender sends it without claiming it again.
   */
  public static final String SMS_CLAIMED = "recovery.sms.claimed";
  /**
   * Body: the job id (Long) of conversation work that was just committed (AI reply, HELP answer, urgent
   * alert, follow-up step, auto-close). Published: each conversation worker claims the kinds it handles.
   */
  public static final String CONVERSATION_JOB_READY = "recovery.conversation.ready";
  /** Body: the id of a committed outbound alert-call job (voice recovery's emergencies). */
  public static final String VOICE_ALERT_CALL_READY = "recovery.voice.alert-call.ready";
  /** Body: the phone number (String) whose tracked-number cache entry is stale, or "*" for all. */
  public static final String NUMBERS_CHANGED = "recovery.numbers.changed";

  private Addresses() {}

  /** Published (body: the workspace id) when a workspace's voice recovery settings change: drop cached copies. */
  public static final String VOICE_CHANNELS_CHANGED = "recovery.voice.channels.changed";
}

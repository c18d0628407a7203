package com.missedcall.recovery.leads;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a lead needs a person, as SQL over a lead {@code l}, its latest call {@code lc} ({@link #LAST_CALL}) and the
 * caller's latest message {@code lm} ({@link #LAST_CALLER_MESSAGE}): one rule for the overview's "Need attention", the
 * leads list's filter and the daily summary's "needing attention now", so they never disagree.
 */
public final class LeadAttention {
  /** The kinds the gateway sends to the team's notification numbers about a caller, never to the caller. */
  public static final Set<String> TEAM_KINDS = Set.of("alert", "team_summary", "oncall", "model_alert", "voice_alert",
      "daily_summary", "notification_test");
  /** {@link #TEAM_KINDS} as an SQL list: a text to the team about the caller is not the caller's last message. */
  public static final String TEAM_KINDS_SQL = TEAM_KINDS.stream().sorted().map(k -> "'" + k + "'")
      .collect(Collectors.joining(", "));
  /** Reasons a business owner can act on (raise a cap, fix billing, change the plan). */
  public static final String FIXABLE_REASONS_SQL = "'daily_sms_cap_reached', 'monthly_lead_cap_reached', "
      + "'billing_inactive', 'workspace_inactive', 'plan_lacks_textback', 'sending_paused'";
  /**
   * An emergency nobody on the team has handled: no staff text ('manual') to the caller yet. The automatic replies
   * answering the caller do not handle it; a staff text or moving the lead on (the stage) does.
   */
  public static final String UNHANDLED_EMERGENCY = """
      (lower(l.urgency) IN ('emergency', 'urgent')
       AND NOT EXISTS (SELECT 1 FROM messages s WHERE s.lead_id = l.id AND s.kind = 'manual'))""";
  public static final String LAST_CALL = """
      LEFT JOIN LATERAL (SELECT c.reason FROM calls c WHERE c.lead_id = l.id
                          ORDER BY c.received_at DESC, c.id DESC LIMIT 1) lc ON true""";
  public static final String LAST_CALLER_MESSAGE = """
      LEFT JOIN LATERAL (SELECT m.direction, m.status FROM messages m WHERE m.lead_id = l.id
                            AND m.kind NOT IN (%s)
                          ORDER BY m.id DESC LIMIT 1) lm ON true""".formatted(TEAM_KINDS_SQL);
  /**
   * Still new or engaged, not a test lead, and: the caller wrote last, the last text to them failed, the last call
   * was not texted for a reason the owner can fix, or it is an unhandled emergency.
   */
  public static final String NEEDS_ATTENTION = """
      l.stage IN ('new', 'engaged') AND NOT l.is_test
      AND (lm.direction = 'inbound' OR (lm.direction = 'outbound' AND lm.status IN ('failed', 'undelivered'))
           OR lc.reason IN (%s) OR %s)""".formatted(FIXABLE_REASONS_SQL, UNHANDLED_EMERGENCY);

  private LeadAttention() {}
}

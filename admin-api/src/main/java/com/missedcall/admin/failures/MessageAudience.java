package com.missedcall.admin.failures;

import com.missedcall.recovery.leads.LeadAttention;
import java.util.Set;

/** Whether an outbound text went to the caller or to the business's own team (alerts, summaries). */
public final class MessageAudience {
  /** The kinds the gateway sends to the team's notification numbers, never to the caller. */
  public static final Set<String> TEAM = LeadAttention.TEAM_KINDS;
  /** {@link #TEAM} as an SQL list, for "the caller's last message" (a text to the team about the caller is not it). */
  public static final String TEAM_SQL = LeadAttention.TEAM_KINDS_SQL;

  private MessageAudience() {}

  public static String of(String kind) {
    return kind != null && TEAM.contains(kind) ? "team" : "caller";
  }
}

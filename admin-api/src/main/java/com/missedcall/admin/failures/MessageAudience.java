package com.missedcall.admin.failures;

import java.util.Set;

/** Whether an outbound text went to the caller or to the business's own team (alerts, summaries). */
public final class MessageAudience {
  /** The kinds the gateway sends to the team's notification numbers, never to the caller. */
  public static final Set<String> TEAM = Set.of("alert", "team_summary", "oncall", "model_alert", "voice_alert",
      "daily_summary", "notification_test");
  /** {@link #TEAM} as an SQL list, for "the caller's last message" (a text to the team about the caller is not it). */
  public static final String TEAM_SQL = TEAM.stream().sorted().map(k -> "'" + k + "'")
      .collect(java.util.stream.Collectors.joining(", "));

  private MessageAudience() {}

  public static String of(String kind) {
    return kind != null && TEAM.contains(kind) ? "team" : "caller";
  }
}

package com.missedcall.loadtests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what PostgreSQL holds for the voice scenario's callers and hands it to {@link VoiceCorrectness}; adds the
 * gateway's own view of the turns (the latency it stored with each script turn) and the recoveries decided per
 * second. Run after the outbox drained (the caller summaries are counted).
 */
public final class VoiceChecks {
  private static final String CALLS = """
      SELECT c.call_sid, c.caller, c.decision, c.reason, c.channel, c.voice_outcome, v.outcome, v.conversation_id
        FROM calls c LEFT JOIN voice_calls v ON v.account_sid = c.account_sid AND v.call_sid = c.call_sid
       WHERE c.caller LIKE ?""";
  private static final String TURNS = """
      SELECT v.call_sid, count(*) AS turns,
             count(*) FILTER (WHERE t.source NOT IN ('greeting', 'script')) AS non_script,
             count(*) FILTER (WHERE t.turn > 0
                                AND coalesce(t.caller_words, '') NOT LIKE '%job ' || right(v.caller, 7)) AS crossed
        FROM voice_calls v JOIN voice_turns t ON t.voice_call_id = v.id
       WHERE v.caller LIKE ?
       GROUP BY v.call_sid""";
  /** The events in the scenario's conversations, by the call they name: a call's event elsewhere is crossed. */
  private static final String EVENTS = """
      WITH v AS (SELECT call_sid, conversation_id FROM voice_calls WHERE caller LIKE ? AND conversation_id IS NOT NULL)
      SELECT e.detail->>'call_sid' AS sid,
             count(*) FILTER (WHERE e.kind = 'voice_turn') AS turn_events,
             count(DISTINCT e.detail->>'turn') FILTER (WHERE e.kind = 'voice_turn') AS distinct_turns,
             count(*) FILTER (WHERE e.kind = 'voice_recovered') AS recovered,
             count(*) FILTER (WHERE own.conversation_id IS DISTINCT FROM e.conversation_id) AS crossed
        FROM conversation_events e
        JOIN v AS here ON here.conversation_id = e.conversation_id
        LEFT JOIN v AS own ON own.call_sid = e.detail->>'call_sid'
       WHERE e.kind IN ('voice_turn', 'voice_recovered')
       GROUP BY 1""";
  private static final String CROSSED_LEADS = """
      SELECT caller FROM leads
       WHERE caller LIKE ? AND (coalesce(need, '') NOT LIKE '%job ' || right(caller, 7)
                                OR coalesce(address, '') NOT LIKE '%job ' || right(caller, 7))""";
  private static final String TEXTS = """
      SELECT to_number, kind, count(*) FROM messages
       WHERE to_number LIKE ? AND direction = 'outbound' AND kind IN ('textback', 'caller_summary')
       GROUP BY 1, 2""";
  private static final String SERVER_TURNS = """
      SELECT count(*), coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY t.latency_ms), -1),
             coalesce(percentile_disc(0.99) WITHIN GROUP (ORDER BY t.latency_ms), -1), coalesce(max(t.latency_ms), -1)
        FROM voice_calls v JOIN voice_turns t ON t.voice_call_id = v.id
       WHERE v.caller LIKE ? AND t.turn > 0 AND t.source = 'script'""";
  private static final String RECOVERED_RATE = """
      SELECT count(*), coalesce(extract(epoch FROM max(decided_at) - min(decided_at)), 0)
        FROM voice_calls WHERE caller LIKE ? AND outcome = 'voice_recovered'""";

  private VoiceChecks() {}

  /** Puts the counts (and the gateway's turn figures) on {@code record}; returns whether the checks pass. */
  public static boolean check(ObjectNode record, Connection c, String callerPrefix, List<VoiceCorrectness.Played> played,
                              int turnsPerCall) throws SQLException {
    Map<String, Long> counts = counts(c, callerPrefix, played, turnsPerCall);
    counts.forEach(record::put);
    serverView(record, c, callerPrefix + "%");
    boolean ok = VoiceCorrectness.passes(counts);
    record.put("voiceChecksPassed", ok);
    return ok;
  }

  public static Map<String, Long> counts(Connection c, String callerPrefix, List<VoiceCorrectness.Played> played,
                                         int turnsPerCall) throws SQLException {
    String prefix = callerPrefix + "%";
    Map<String, Row> rows = new HashMap<>();
    Map<String, String> sidByCaller = new HashMap<>();
    played.forEach(p -> sidByCaller.put(p.caller(), p.sid()));
    try (PreparedStatement ps = c.prepareStatement(CALLS)) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Row r = new Row();
          r.decision = rs.getString(3);
          r.reason = rs.getString(4);
          r.channel = rs.getString(5);
          r.voiceOutcome = rs.getString(6);
          r.voiceCallOutcome = rs.getString(7);
          long conversation = rs.getLong(8);
          r.conversationId = rs.wasNull() ? null : conversation;
          rows.put(rs.getString(1), r);
        }
      }
    }
    each(c, TURNS, prefix, rs -> {
      Row r = rows.get(rs.getString(1));
      if (r != null) {
        r.turns = rs.getLong(2);
        r.nonScript = rs.getLong(3);
        r.crossed += rs.getLong(4);
      }
    });
    each(c, EVENTS, prefix, rs -> {
      Row r = rows.get(rs.getString(1));
      if (r != null) {
        r.turnEvents = rs.getLong(2);
        r.distinctTurnEvents = rs.getLong(3);
        r.recoveredEvents = rs.getLong(4);
        r.crossed += rs.getLong(5);
      }
    });
    each(c, CROSSED_LEADS, prefix, rs -> {
      Row r = rows.get(sidByCaller.get(rs.getString(1)));
      if (r != null) {
        r.crossed++;
      }
    });
    each(c, TEXTS, prefix, rs -> {
      Row r = rows.get(sidByCaller.get(rs.getString(1)));
      if (r != null) {
        if ("textback".equals(rs.getString(2))) {
          r.textBacks += rs.getLong(3);
        } else {
          r.callerSummaries += rs.getLong(3);
        }
      }
    });
    Map<String, VoiceCorrectness.Stored> stored = new HashMap<>();
    rows.forEach((sid, r) -> stored.put(sid, new VoiceCorrectness.Stored(r.decision, r.reason, r.channel,
        r.voiceOutcome, r.voiceCallOutcome, r.conversationId, r.turns, r.nonScript, r.turnEvents, r.distinctTurnEvents,
        r.recoveredEvents, r.crossed, r.textBacks, r.callerSummaries)));
    return new VoiceCorrectness(played, stored, turnsPerCall).counts();
  }

  /** The latency the gateway stored with each script turn (received to answered, inside the gateway). */
  private static void serverView(ObjectNode record, Connection c, String prefix) throws SQLException {
    each(c, SERVER_TURNS, prefix, rs -> {
      record.put("serverScriptTurns", rs.getLong(1));
      record.put("serverTurnP50Ms", rs.getLong(2));
      record.put("serverTurnP99Ms", rs.getLong(3));
      record.put("serverTurnMaxMs", rs.getLong(4));
    });
    each(c, RECOVERED_RATE, prefix, rs -> {
      double seconds = rs.getDouble(2);
      record.put("voiceRecoveredPerSecondDecided", seconds <= 0 ? 0 : Math.round(rs.getLong(1) / seconds * 100) / 100.0);
    });
  }

  private interface RowHandler {
    void accept(ResultSet rs) throws SQLException;
  }

  private static void each(Connection c, String sql, String prefix, RowHandler handler) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          handler.accept(rs);
        }
      }
    }
  }

  private static final class Row {
    String decision;
    String reason;
    String channel;
    String voiceOutcome;
    String voiceCallOutcome;
    Long conversationId;
    long turns;
    long nonScript;
    long turnEvents;
    long distinctTurnEvents;
    long recoveredEvents;
    long crossed;
    long textBacks;
    long callerSummaries;
  }
}

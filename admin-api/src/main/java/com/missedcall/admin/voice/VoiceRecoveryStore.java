package com.missedcall.admin.voice;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The admin side of voice recovery: a workspace's recovery channels and a lead's voice calls, tenant first. */
public final class VoiceRecoveryStore {
  static final String CHANNELS = """
      SELECT w.id, w.name, w.status, w.billing_status, p.name AS plan_name, p.textback, p.voice_recovery,
             w.voice_enabled, w.voice_fallback, w.voice_recording_enabled, w.voice_language, w.voice_alert_calls,
             w.caller_summary_enabled, w.team_summary_enabled, w.sending_paused_at,
             coalesce((SELECT array_agg(n.phone ORDER BY n.id) FROM notification_numbers n
                        WHERE n.workspace_id = w.id AND n.kind = 'voice_alert'), '{}') AS voice_alert_numbers,
             (SELECT count(*) FROM notification_numbers n WHERE n.workspace_id = w.id AND n.kind = 'team') AS team_numbers,
             (SELECT count(*) FROM notification_numbers n WHERE n.workspace_id = w.id AND n.kind = 'alert') AS alert_numbers
        FROM workspaces w JOIN plans p ON p.code = w.plan_code
       WHERE w.agency_id = $1 AND w.id = $2""";
  static final String UPDATE = """
      UPDATE workspaces SET voice_enabled = coalesce($3, voice_enabled),
                            voice_fallback = coalesce($4, voice_fallback),
                            voice_recording_enabled = coalesce($5, voice_recording_enabled),
                            voice_language = coalesce($6, voice_language),
                            voice_alert_calls = coalesce($7, voice_alert_calls),
                            caller_summary_enabled = coalesce($8, caller_summary_enabled),
                            team_summary_enabled = coalesce($9, team_summary_enabled),
                            updated_at = now()
       WHERE agency_id = $1 AND id = $2
      RETURNING id""";
  static final String LOCK = "SELECT id FROM workspaces WHERE agency_id = $1 AND id = $2 FOR UPDATE";
  static final String LEAD_CALLS = """
      SELECT v.id, v.call_sid, v.started_at, v.step, v.need, v.address, v.urgency, v.callback_time, v.outcome,
             v.fallback, v.decided_at, v.ended_reason, v.recording_url, v.transcript, c.channel, c.reason,
             coalesce((SELECT json_agg(json_build_object('turn', t.turn, 'caller', t.caller_words,
                                                         'assistant', t.assistant_words, 'source', t.source,
                                                         'latency_ms', t.latency_ms, 'confidence', t.confidence,
                                                         'at', t.created_at) ORDER BY t.turn)
                         FROM voice_turns t WHERE t.voice_call_id = v.id), '[]'::json) AS turns,
             coalesce((SELECT json_agg(json_build_object('to', a.to_number, 'status', a.status,
                                                         'call_status', a.call_status,
                                                         'duration_seconds', a.call_duration_seconds,
                                                         'attempts', a.attempts, 'last_error', a.last_error,
                                                         'placed_at', a.placed_at, 'ended_at', a.ended_at)
                                       ORDER BY a.id)
                         FROM voice_alert_calls a WHERE a.voice_call_id = v.id), '[]'::json) AS alert_calls
        FROM voice_calls v
        JOIN leads l ON l.id = v.lead_id
        JOIN workspaces w ON w.id = l.workspace_id
        LEFT JOIN calls c ON c.account_sid = v.account_sid AND c.call_sid = v.call_sid
       WHERE w.agency_id = $1 AND v.lead_id = $2
       ORDER BY v.id DESC
       LIMIT 20""";
  static final String LEAD_EXISTS = """
      SELECT 1 FROM leads l JOIN workspaces w ON w.id = l.workspace_id WHERE w.agency_id = $1 AND l.id = $2""";

  public Future<Optional<Row>> channels(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(CHANNELS).execute(Tuple.of(agencyId, workspaceId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  public Future<Boolean> lock(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(LOCK).execute(Tuple.of(agencyId, workspaceId)).map(rows -> rows.size() == 1);
  }

  public Future<Void> update(SqlClient db, long agencyId, long workspaceId, JsonObject s) {
    return db.preparedQuery(UPDATE).execute(Tuple.tuple().addLong(agencyId).addLong(workspaceId)
            .addBoolean(s.getBoolean("voice_enabled")).addString(s.getString("fallback"))
            .addBoolean(s.getBoolean("recording_enabled")).addString(s.getString("language"))
            .addBoolean(s.getBoolean("alert_calls")).addBoolean(s.getBoolean("caller_summary_enabled"))
            .addBoolean(s.getBoolean("internal_summary_enabled")))
        .mapEmpty();
  }

  /** A lead's voice calls, newest first, each with its turns; empty when the lead is not the agency's. */
  public Future<Optional<JsonArray>> leadCalls(SqlClient db, long agencyId, long leadId) {
    return db.preparedQuery(LEAD_EXISTS).execute(Tuple.of(agencyId, leadId)).compose(found -> found.size() == 0
        ? Future.succeededFuture(Optional.empty())
        : db.preparedQuery(LEAD_CALLS).execute(Tuple.of(agencyId, leadId)).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject()
              .put("id", r.getLong("id"))
              .put("call_sid", r.getString("call_sid"))
              .put("started_at", r.getOffsetDateTime("started_at").toString())
              .put("channel", r.getString("channel"))
              .put("reason", r.getString("reason"))
              .put("outcome", r.getString("outcome"))
              .put("fallback", r.getString("fallback"))
              .put("ended_reason", r.getString("ended_reason"))
              .put("need", r.getString("need"))
              .put("address", r.getString("address"))
              .put("urgency", r.getString("urgency"))
              .put("callback_time", r.getString("callback_time"))
              .put("recording_url", r.getString("recording_url"))
              .put("transcript", r.getString("transcript"))
              .put("turns", new JsonArray(String.valueOf(r.getValue("turns"))))
              .put("alert_calls", new JsonArray(String.valueOf(r.getValue("alert_calls"))))));
          return Optional.of(out);
        }));
  }
}

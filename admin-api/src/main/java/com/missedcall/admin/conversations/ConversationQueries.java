package com.missedcall.admin.conversations;

import com.missedcall.admin.failures.MessageAudience;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Reads conversations, their messages and events, and unmatched replies for the admin API, scoped to
 * the agency. The conversations feature owns these tables' writes; changes go through its service.
 */
public final class ConversationQueries {
  static final String SELECT = """
      SELECT c.id, c.workspace_id, w.name AS workspace_name, w.agency_id, c.lead_id, c.caller, c.business_number,
             c.status, c.ai_enabled, c.ai_turns, c.staff_takeover, c.urgent_alerted, c.intake_step, c.opened_at,
             c.last_inbound_at, c.last_outbound_at, c.last_activity_at, c.closed_at, c.close_reason,
             l.stage, l.need, l.address, l.urgency,
             (c.status = 'open' AND c.last_inbound_at IS NOT NULL
               AND (c.last_outbound_at IS NULL OR c.last_inbound_at > c.last_outbound_at)) AS awaiting_reply,
             lm.body AS last_message_body, lm.direction AS last_message_direction
        FROM conversations c
        JOIN workspaces w ON w.id = c.workspace_id
        JOIN leads l ON l.id = c.lead_id
        -- the caller's last message: texts to the team about this caller (alerts, summaries) are not it
        LEFT JOIN LATERAL (SELECT m.body, m.direction FROM messages m WHERE m.conversation_id = c.id
                              AND m.kind NOT IN (%s)
                            ORDER BY m.id DESC LIMIT 1) lm ON true
      """.formatted(MessageAudience.TEAM_SQL);
  static final String LIST = SELECT + """
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR c.workspace_id = $2) AND ($3::text IS NULL OR c.status = $3)
         AND ($4::boolean IS NULL OR (c.status = 'open' AND c.last_inbound_at IS NOT NULL
               AND (c.last_outbound_at IS NULL OR c.last_inbound_at > c.last_outbound_at)) = $4)
         AND ($5::timestamptz IS NULL OR (c.last_activity_at, c.id) < ($5, $6))
       ORDER BY c.last_activity_at DESC, c.id DESC
       LIMIT $7""";
  static final String FIND = SELECT + " WHERE w.agency_id = $1 AND c.id = $2";
  static final String OF_LEAD = SELECT + """
       WHERE w.agency_id = $1 AND c.lead_id = $2
       ORDER BY (c.status = 'open') DESC, c.last_activity_at DESC, c.id DESC
       LIMIT 1""";
  static final String MESSAGES = """
      SELECT id, direction, kind, from_number, to_number, body, segments, status, error_code, quiet_hours,
             created_at, sent_at
        FROM messages WHERE workspace_id = $1 AND conversation_id = $2
       ORDER BY id
       LIMIT 500""";
  static final String EVENTS = """
      SELECT id, kind, reason, detail, created_at FROM conversation_events
       WHERE workspace_id = $1 AND conversation_id = $2
       ORDER BY id
       LIMIT 500""";
  static final String UNMATCHED = """
      SELECT u.id, u.workspace_id, w.name AS workspace_name, u.from_number, u.to_number, u.received_at,
             m.body, m.kind
        FROM unmatched_replies u
        JOIN workspaces w ON w.id = u.workspace_id
        JOIN messages m ON m.id = u.message_id
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR u.workspace_id = $2)
         AND ($3::timestamptz IS NULL OR (u.received_at, u.id) < ($3, $4))
       ORDER BY u.received_at DESC, u.id DESC
       LIMIT $5""";

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, Long workspaceId, String status, Boolean awaiting,
                                  Cursor after, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, workspaceId, status, awaiting,
        after == null ? null : after.time(), after == null ? null : after.id(), limit + 1));
  }

  public Future<Optional<JsonObject>> find(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  /** The lead's open conversation, else its latest one. */
  public Future<Optional<JsonObject>> ofLead(SqlClient db, long agencyId, long leadId) {
    return db.preparedQuery(OF_LEAD).execute(Tuple.of(agencyId, leadId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  /** Adds the messages and the events (each with its words) to a conversation found by {@link #find}. */
  public Future<JsonObject> withThread(SqlClient db, JsonObject conversation) {
    Tuple ids = Tuple.of(conversation.getLong("workspace_id"), conversation.getLong("id"));
    return db.preparedQuery(MESSAGES).execute(ids).compose(messages -> {
      JsonArray list = new JsonArray();
      messages.forEach(r -> list.add(Json.row(r, "id", "direction", "kind", "from_number", "to_number", "body",
          "segments", "status", "error_code", "quiet_hours", "created_at", "sent_at")));
      conversation.put("messages", list);
      return db.preparedQuery(EVENTS).execute(ids);
    }).map(events -> {
      JsonArray list = new JsonArray();
      events.forEach(r -> list.add(Json.row(r, "id", "kind", "reason", "detail", "created_at")
          .put("words", EventText.of(r.getString("kind"), r.getString("reason")))));
      return conversation.put("events", list);
    });
  }

  public Future<RowSet<Row>> unmatched(SqlClient db, long agencyId, Long workspaceId, Cursor after, int limit) {
    return db.preparedQuery(UNMATCHED).execute(Tuple.of(agencyId, workspaceId, after == null ? null : after.time(),
        after == null ? null : after.id(), limit + 1));
  }

  public static JsonObject toJson(Row r) {
    JsonObject json = Json.row(r, "id", "workspace_id", "workspace_name", "lead_id", "caller", "business_number",
        "status", "ai_enabled", "ai_turns", "staff_takeover", "urgent_alerted", "intake_step", "awaiting_reply",
        "opened_at", "last_inbound_at", "last_outbound_at", "last_activity_at", "closed_at", "close_reason");
    json.put("lead", Json.row(r, "stage", "need", "address", "urgency").put("id", r.getLong("lead_id")));
    json.put("last_message", r.getValue("last_message_body") == null ? null : new JsonObject()
        .put("direction", r.getString("last_message_direction")).put("body", r.getString("last_message_body")));
    json.put("handled_by", !"open".equals(r.getString("status")) ? "nobody"
        : r.getBoolean("staff_takeover") ? "staff" : r.getBoolean("ai_enabled") ? "ai" : "staff");
    return json;
  }

  public static JsonObject unmatchedJson(Row r) {
    return Json.row(r, "id", "workspace_id", "workspace_name", "from_number", "to_number", "body", "kind",
        "received_at");
  }
}

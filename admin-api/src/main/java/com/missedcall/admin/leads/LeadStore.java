package com.missedcall.admin.leads;

import com.missedcall.admin.failures.MessageAudience;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Json;
import com.missedcall.recovery.callback.CallbackWindow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads leads for the admin API (the recovery path owns their writes, except the stage a user sets):
 * filtered, keyset-paginated lists and one lead with every call, its decision and reason, and its messages.
 */
public final class LeadStore {
  /** One row per lead with its latest call's reason and latest message; {@code attention} says why a human is needed. */
  static final String LEADS = """
      SELECT * FROM (
        SELECT l.id, l.workspace_id, w.name AS workspace_name, w.agency_id, l.caller, l.stage, l.call_count,
               l.need, l.address, l.urgency, l.booked_at, l.booked_value, l.outcome_source,
               l.callback_time, l.callback_from, l.callback_to, w.timezone AS workspace_timezone,
               l.first_call_at, l.last_call_at, l.last_texted_at, l.created_at, l.updated_at, l.is_test,
               lc.reason AS last_reason, lm.direction AS last_message_direction, lm.body AS last_message_body,
               lm.created_at AS last_message_at,
               CASE WHEN l.stage NOT IN ('new', 'engaged') THEN NULL
                    WHEN %2$s THEN 'emergency_unhandled'
                    WHEN lm.direction = 'inbound' THEN 'caller_replied'
                    WHEN lm.direction = 'outbound' AND lm.status IN ('failed', 'undelivered') THEN 'text_failed'
                    WHEN lc.reason IN (%1$s) THEN 'not_texted'
               END AS attention
          FROM leads l
          JOIN workspaces w ON w.id = l.workspace_id
          LEFT JOIN LATERAL (SELECT c.reason FROM calls c WHERE c.lead_id = l.id
                              ORDER BY c.received_at DESC, c.id DESC LIMIT 1) lc ON true
          -- the caller's last message: texts to the team about this caller (alerts, summaries) are not it
          LEFT JOIN LATERAL (SELECT m.direction, m.status, m.body, m.created_at FROM messages m WHERE m.lead_id = l.id
                                AND m.kind NOT IN (%3$s)
                              ORDER BY m.id DESC LIMIT 1) lm ON true
      ) x
      """.formatted(ReasonText.FIXABLE, ReasonText.UNHANDLED_EMERGENCY, MessageAudience.TEAM_SQL);
  static final String LIST = LEADS + """
       WHERE x.agency_id = $1
         AND ($2::bigint IS NULL OR x.workspace_id = $2)
         AND ($3::text IS NULL OR x.stage = $3)
         AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM calls c WHERE c.lead_id = x.id AND c.reason = $4
                                          AND ($5::timestamptz IS NULL OR c.received_at >= $5)
                                          AND ($6::timestamptz IS NULL OR c.received_at < $6)))
         AND ($5::timestamptz IS NULL OR x.last_call_at >= $5)
         AND ($6::timestamptz IS NULL OR x.first_call_at < $6)
         AND ($7::text IS NULL OR x.caller LIKE '%%' || $7 || '%%' OR x.workspace_name ILIKE '%%' || $7 || '%%'
              OR x.need ILIKE '%%' || $7 || '%%' OR x.address ILIKE '%%' || $7 || '%%')
         AND ($8::boolean IS NULL OR (x.attention IS NOT NULL) = $8)
         AND ($9::timestamptz IS NULL OR (x.%1$s, x.id) %2$s ($9, $10))
       ORDER BY x.%1$s %3$s, x.id %3$s
       LIMIT $11""";
  static final String FIND = LEADS + " WHERE x.agency_id = $1 AND x.id = $2";
  static final String CALLS = """
      SELECT c.id, c.call_sid, c.caller, c.called, c.routing_mode, c.call_status, c.decision, c.reason,
             c.received_at, c.decided_at, c.is_test, tm.status AS text_status, tm.error_code AS text_error, tm.sent_at AS texted_at
        FROM calls c
        LEFT JOIN LATERAL (
          SELECT m.status, m.error_code, m.sent_at FROM messages m
           WHERE m.lead_id = c.lead_id AND m.kind = 'textback' AND m.call_id = c.id
           LIMIT 1) tm ON true
       WHERE c.workspace_id = $1 AND c.lead_id = $2
       ORDER BY c.received_at DESC, c.id DESC
       LIMIT 200""";
  static final String MESSAGES = """
      SELECT id, direction, kind, from_number, to_number, body, segments, message_sid, status, error_code,
             created_at, sent_at
        FROM messages
       WHERE workspace_id = $1 AND lead_id = $2
       ORDER BY created_at, id
       LIMIT 500""";
  /** The lead's delayed text-back while it waits for its send delay to end (item 4 of issue #14). */
  static final String TEXTBACK_WAITING = """
      SELECT m.due_at, m.send_delay_seconds FROM messages m
       WHERE m.workspace_id = $1 AND m.lead_id = $2 AND m.kind = 'textback' AND m.send_status = 'pending'
         AND m.send_delay_seconds IS NOT NULL
       ORDER BY m.id DESC LIMIT 1""";
  /** A lead is booked exactly while it is 'won': setting the stage keeps the booking (and its value) in step. */
  static final String SET_STAGE = """
      UPDATE leads l SET stage = $3, updated_at = now(),
             booked_at = CASE WHEN $3 = 'won' THEN coalesce(l.booked_at, now()) END,
             booked_value = CASE WHEN $3 = 'won' THEN l.booked_value END,
             outcome_source = CASE WHEN $3 = 'won' THEN coalesce(l.outcome_source, 'api') END
        FROM workspaces w
       WHERE w.id = l.workspace_id AND w.agency_id = $1 AND l.id = $2""";

  /** The sorts a list may ask for: column and direction. */
  public enum Sort {
    LAST_CALL_DESC("-last_call_at", "last_call_at", true),
    LAST_CALL_ASC("last_call_at", "last_call_at", false),
    CREATED_DESC("-created_at", "created_at", true),
    CREATED_ASC("created_at", "created_at", false);

    final String code;
    final String column;
    final boolean descending;
    final String sql;

    Sort(String code, String column, boolean descending) {
      this.code = code;
      this.column = column;
      this.descending = descending;
      this.sql = LIST.formatted(column, descending ? "<" : ">", descending ? "DESC" : "ASC");
    }

    public String code() {
      return code;
    }

    public static Sort of(String code) {
      for (Sort s : values()) {
        if (s.code.equals(code)) {
          return s;
        }
      }
      return LAST_CALL_DESC;
    }

    public Cursor cursorOf(Row r) {
      return new Cursor(code, r.getOffsetDateTime(column).toString(), r.getLong("id"));
    }
  }

  /** The filters of a lead list; null means "any". */
  public record Filter(Long workspaceId, String stage, String reason, OffsetDateTime from, OffsetDateTime to,
                       String q, Boolean attention) {}

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, Filter f, Sort sort, Cursor after, int limit) {
    Tuple args = Tuple.of(agencyId, f.workspaceId(), f.stage(), f.reason(), f.from(), f.to())
        .addValue(searchText(f.q()))
        .addValue(f.attention())
        .addValue(after == null ? null : after.time())
        .addValue(after == null ? null : after.id())
        .addValue(limit + 1);
    return db.preparedQuery(sort.sql).execute(args);
  }

  public Future<Optional<Row>> find(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  public Future<RowSet<Row>> calls(SqlClient db, long workspaceId, long leadId) {
    return db.preparedQuery(CALLS).execute(Tuple.of(workspaceId, leadId));
  }

  /** The delayed text-back still waiting, as {@code {due_at, due_local, timezone, delay_seconds, words}}, or null. */
  public Future<JsonObject> textBackWaiting(SqlClient db, long workspaceId, long leadId, ZoneId zone) {
    return db.preparedQuery(TEXTBACK_WAITING).execute(Tuple.of(workspaceId, leadId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      ZonedDateTime due = r.getOffsetDateTime("due_at").atZoneSameInstant(zone);
      return new JsonObject().put("due_at", Json.value(r.getValue("due_at")))
          .put("due_local", LOCAL.format(due))
          .put("timezone", zone.getId()).put("delay_seconds", r.getInteger("send_delay_seconds"))
          .put("words", "Text-back scheduled at " + CallbackWindow.clockWords(due.toLocalTime()) + " "
              + due.format(ZONE_ABBREVIATION));
    });
  }

  public Future<RowSet<Row>> messages(SqlClient db, long workspaceId, long leadId) {
    return db.preparedQuery(MESSAGES).execute(Tuple.of(workspaceId, leadId));
  }

  public Future<Boolean> setStage(SqlClient db, long agencyId, long id, String stage) {
    return db.preparedQuery(SET_STAGE).execute(Tuple.of(agencyId, id, stage)).map(rows -> rows.rowCount() > 0);
  }

  /** Phone searches match digits whatever the punctuation ("(555) 010-0199", "+1555..."); other text matches names. */
  static String searchText(String q) {
    if (q == null || q.isBlank()) {
      return null;
    }
    String digits = q.replaceAll("[^0-9]", "");
    return digits.length() >= 3 && q.replaceAll("[0-9+()\\-.\\s]", "").isEmpty() ? digits : q.strip();
  }

  public static JsonObject toJson(Row r) {
    JsonObject json = Json.row(r, "id", "workspace_id", "workspace_name", "caller", "stage", "call_count", "need",
        "address", "urgency", "first_call_at", "last_call_at", "last_texted_at", "created_at", "updated_at",
        "booked_at", "booked_value", "outcome_source", "is_test");
    json.put("callback", callback(r));
    String reason = r.getString("last_reason");
    json.put("last_reason", reason == null ? null : ReasonText.of(reason));
    String attention = r.getString("attention");
    json.put("attention", attention == null ? null : new JsonObject().put("code", attention)
        .put("label", ATTENTION.getOrDefault(attention, attention)));
    if (r.getValue("last_message_at") != null) {
      json.put("last_message", new JsonObject()
          .put("direction", r.getString("last_message_direction"))
          .put("body", r.getString("last_message_body"))
          .put("created_at", Json.value(r.getValue("last_message_at"))));
    } else {
      json.put("last_message", null);
    }
    return json;
  }

  private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("z", Locale.US);
  /** On the workspace's clock, as the callback.requested webhook writes it. */
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

  /**
   * When the caller asked to be called back: their words and the window read from them (null when the words named
   * no time), in UTC and on the workspace's clock, as the {@code callback.requested} webhook carries it.
   */
  static JsonObject callback(Row r) {
    String said = r.getString("callback_time");
    OffsetDateTime from = r.getOffsetDateTime("callback_from");
    OffsetDateTime to = r.getOffsetDateTime("callback_to");
    if (said == null && from == null) {
      return null;
    }
    JsonObject json = new JsonObject().put("said", said);
    if (from == null || to == null) {
      return json.putNull("window");
    }
    ZoneId zone = ZoneId.of(r.getString("workspace_timezone"));
    CallbackWindow window = new CallbackWindow(from.atZoneSameInstant(zone), to.atZoneSameInstant(zone));
    return json.put("window", new JsonObject()
        .put("from", Json.value(from)).put("to", Json.value(to))
        .put("from_local", LOCAL.format(window.from()))
        .put("to_local", LOCAL.format(window.to()))
        .put("timezone", zone.getId()).put("words", window.words()));
  }

  static final Map<String, String> ATTENTION = Map.of(
      "emergency_unhandled", "An emergency nobody on the team has answered yet",
      "caller_replied", "The caller replied and is waiting for an answer",
      "text_failed", "The last text to this caller was not delivered",
      "not_texted", "Not texted back for a reason you can fix");
}

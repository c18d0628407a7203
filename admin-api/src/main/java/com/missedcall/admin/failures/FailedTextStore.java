package com.missedcall.admin.failures;

import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Reads the agency's outbound texts that failed (refused when sent, or reported failed/undelivered by the
 * carrier), newest first, keyset-paged on the message id. The rows are the {@code messages} table's, read
 * through the partial index {@code messages_failed} (V67).
 */
public final class FailedTextStore {
  static final String FAILED = """
      SELECT m.id, m.workspace_id, w.name AS workspace_name, m.lead_id, m.conversation_id, m.call_id, m.kind,
             m.from_number, m.to_number, m.status, m.error_code, m.last_error, m.attempts, m.message_sid,
             m.created_at, m.updated_at
        FROM messages m JOIN workspaces w ON w.id = m.workspace_id
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR m.workspace_id = $2)
         AND m.direction = 'outbound' AND m.status IN ('failed', 'undelivered')
         AND ($3::int IS NULL OR m.error_code = $3)
         AND ($4::bigint IS NULL OR m.id < $4)
       ORDER BY m.id DESC
       LIMIT $5""";
  /** How often each code failed over the last 30 days: the filter's choices, with counts. */
  static final String BY_CODE = """
      SELECT m.error_code, count(*) AS n, max(m.created_at) AS last_at
        FROM messages m JOIN workspaces w ON w.id = m.workspace_id
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR m.workspace_id = $2)
         AND m.direction = 'outbound' AND m.status IN ('failed', 'undelivered')
         AND m.created_at > now() - interval '30 days'
       GROUP BY m.error_code
       ORDER BY n DESC, m.error_code
       LIMIT 50""";

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, Long workspaceId, Integer errorCode, Long beforeId,
                                  int limit) {
    return db.preparedQuery(FAILED).execute(Tuple.of(agencyId, workspaceId, errorCode, beforeId, limit + 1));
  }

  public Future<JsonArray> byCode(SqlClient db, long agencyId, Long workspaceId) {
    return db.preparedQuery(BY_CODE).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(remedy(r.getInteger("error_code")).put("count", r.getLong("n"))
          .put("last_at", Json.value(r.getValue("last_at")))));
      return out;
    });
  }

  public static JsonObject toJson(Row r) {
    Integer code = r.getInteger("error_code");
    return Json.row(r, "id", "workspace_id", "workspace_name", "lead_id", "conversation_id", "call_id", "kind",
            "from_number", "to_number", "status", "error_code", "attempts", "message_sid", "created_at", "updated_at")
        .put("audience", MessageAudience.of(r.getString("kind")))
        .put("last_error", com.missedcall.recovery.calls.CallerNumber.maskWithin(r.getString("last_error")))
        .put("remedy", remedy(code));
  }

  static JsonObject remedy(Integer code) {
    TwilioErrors.Remedy remedy = TwilioErrors.of(code);
    return new JsonObject().put("error_code", code).put("meaning", remedy.meaning()).put("remedy", remedy.remedy())
        .put("fix_is_yours", remedy.yours());
  }
}

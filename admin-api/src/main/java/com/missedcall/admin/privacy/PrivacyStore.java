package com.missedcall.admin.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the privacy controls: erasing a caller (the work is {@code privacy_erase_caller()}, R__privacy_erase_caller.sql),
 * the workspaces an agency-wide erasure visits. The privacy key itself is never selected here.
 */
public final class PrivacyStore {
  static final String ERASE = "SELECT privacy_erase_caller($1, $2) AS result";
  static final String AGENCY_WORKSPACES = "SELECT id FROM workspaces WHERE agency_id = $1 ORDER BY id";
  /** The workspace's retention and its latest purge; no row when the workspace is not the agency's. */
  static final String RETENTION = """
      SELECT w.id AS workspace_id, r.message_body_days, r.transcript_days,
             p.day AS last_purge_day, p.status AS last_purge_status, p.messages_blanked, p.transcripts_blanked,
             p.finished_at AS last_purge_finished_at
        FROM workspaces w
        LEFT JOIN workspace_retention r ON r.workspace_id = w.id
        LEFT JOIN LATERAL (SELECT day, status, messages_blanked, transcripts_blanked, finished_at
                             FROM retention_purges WHERE workspace_id = w.id ORDER BY day DESC LIMIT 1) p ON true
       WHERE w.agency_id = $1 AND w.id = $2""";
  static final String SET_RETENTION = """
      INSERT INTO workspace_retention AS r (workspace_id, message_body_days, transcript_days)
      VALUES ($1, $2, $3)
      ON CONFLICT (workspace_id) DO UPDATE
        SET message_body_days = EXCLUDED.message_body_days, transcript_days = EXCLUDED.transcript_days,
            updated_at = now()""";

  /** Erases the caller from one workspace in the caller's transaction: {"number_hash", "erased": {what: rows}}. */
  public Future<JsonObject> erase(SqlClient db, long workspaceId, String phone) {
    return db.preparedQuery(ERASE).execute(Tuple.of(workspaceId, phone))
        .map(rows -> (JsonObject) rows.iterator().next().getValue("result"));
  }

  public Future<java.util.Optional<JsonObject>> retention(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(RETENTION).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      if (rows.size() == 0) {
        return java.util.Optional.empty();
      }
      Row r = rows.iterator().next();
      JsonObject json = new JsonObject().put("workspace_id", r.getLong("workspace_id"))
          .put("message_body_days", r.getInteger("message_body_days"))
          .put("transcript_days", r.getInteger("transcript_days"));
      json.put("last_purge", r.getLocalDate("last_purge_day") == null ? null
          : new JsonObject().put("day", r.getLocalDate("last_purge_day").toString())
              .put("status", r.getString("last_purge_status"))
              .put("messages_blanked", r.getInteger("messages_blanked"))
              .put("transcripts_blanked", r.getInteger("transcripts_blanked"))
              .put("finished_at", com.missedcall.admin.http.Json.value(r.getValue("last_purge_finished_at"))));
      return java.util.Optional.of(json);
    });
  }

  public Future<Void> setRetention(SqlClient db, long workspaceId, Integer messageBodyDays, Integer transcriptDays) {
    return db.preparedQuery(SET_RETENTION).execute(Tuple.of(workspaceId, messageBodyDays, transcriptDays)).mapEmpty();
  }

  public Future<List<Long>> agencyWorkspaces(SqlClient db, long agencyId) {
    return db.preparedQuery(AGENCY_WORKSPACES).execute(Tuple.of(agencyId)).map(rows -> {
      List<Long> ids = new ArrayList<>();
      for (Row r : rows) {
        ids.add(r.getLong("id"));
      }
      return ids;
    });
  }
}

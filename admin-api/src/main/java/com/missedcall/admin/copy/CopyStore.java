package com.missedcall.admin.copy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The SQL of {@code textback_copy} and the copy settings on {@code workspaces}, always through the agency. */
public final class CopyStore {
  static final String FIND = """
      SELECT w.name, w.timezone, w.textback_template, w.optout_footer, w.booking_link, w.textback_urgency_guidance,
             h.weekly, h.closures,
             (SELECT jsonb_object_agg(t.moment || '/' || t.caller_kind, t.template)
                FROM textback_copy t WHERE t.workspace_id = w.id) AS slots
        FROM workspaces w LEFT JOIN workspace_hours h ON h.workspace_id = w.id
       WHERE w.agency_id = $1 AND w.id = $2""";
  static final String UPSERT = """
      INSERT INTO textback_copy (workspace_id, moment, caller_kind, template) VALUES ($1, $2, $3, $4)
      ON CONFLICT (workspace_id, moment, caller_kind) DO UPDATE SET template = EXCLUDED.template, updated_at = now()""";
  static final String DELETE = "DELETE FROM textback_copy WHERE workspace_id = $1 AND moment = $2 AND caller_kind = $3";
  static final String SET_DEFAULT = """
      UPDATE workspaces SET textback_template = $2, updated_at = now() WHERE id = $1""";
  /** Guidance on also makes "urgent" an emergency word (once). */
  static final String SET_GUIDANCE = """
      UPDATE workspaces
         SET textback_urgency_guidance = $2,
             emergency_words = CASE WHEN $2 AND NOT ('urgent' = ANY (emergency_words))
                                    THEN emergency_words || 'urgent'::text ELSE emergency_words END,
             updated_at = now()
       WHERE id = $1""";

  /** The workspace's copy as stored (empty: not the agency's workspace). */
  public Future<Optional<Row>> find(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, workspaceId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  public Future<Void> save(SqlClient db, long workspaceId, String moment, String caller, String template) {
    return db.preparedQuery(UPSERT).execute(Tuple.of(workspaceId, moment, caller, template)).mapEmpty();
  }

  public Future<Void> remove(SqlClient db, long workspaceId, String moment, String caller) {
    return db.preparedQuery(DELETE).execute(Tuple.of(workspaceId, moment, caller)).mapEmpty();
  }

  public Future<Void> saveDefault(SqlClient db, long workspaceId, String template) {
    return db.preparedQuery(SET_DEFAULT).execute(Tuple.of(workspaceId, template)).mapEmpty();
  }

  public Future<Void> urgencyGuidance(SqlClient db, long workspaceId, boolean on) {
    return db.preparedQuery(SET_GUIDANCE).execute(Tuple.of(workspaceId, on)).mapEmpty();
  }

  static JsonObject slots(Row row) {
    Object value = row.getValue("slots");
    return value instanceof JsonObject json ? json : new JsonObject();
  }
}

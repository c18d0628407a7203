package com.missedcall.admin.hours;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.Optional;

/** The SQL of {@code workspace_hours}, always reached through the agency's workspace. */
public final class HoursStore {
  static final String FIND = """
      SELECT w.timezone, h.weekly, h.closures, h.updated_at
        FROM workspaces w LEFT JOIN workspace_hours h ON h.workspace_id = w.id
       WHERE w.agency_id = $1 AND w.id = $2""";
  static final String UPSERT = """
      INSERT INTO workspace_hours (workspace_id, weekly, closures) VALUES ($1, $2, $3)
      ON CONFLICT (workspace_id) DO UPDATE SET weekly = EXCLUDED.weekly, closures = EXCLUDED.closures,
                                               updated_at = now()""";
  static final String DELETE = "DELETE FROM workspace_hours WHERE workspace_id = $1";

  /** A workspace of the agency: its time zone and its hours as stored (null weekly: not set). */
  public record Stored(ZoneId zone, JsonObject weekly, JsonArray closures) {
    public boolean configured() {
      return weekly != null;
    }
  }

  /** Empty when the workspace is not the agency's (or does not exist). */
  public Future<Optional<Stored>> find(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Stored(ZoneId.of(row.getString("timezone")), (JsonObject) row.getValue("weekly"),
          (JsonArray) row.getValue("closures")));
    });
  }

  public Future<Void> save(SqlClient db, long workspaceId, JsonObject weekly, JsonArray closures) {
    return db.preparedQuery(UPSERT).execute(Tuple.of(workspaceId, weekly, closures)).mapEmpty();
  }

  /** Whether there was something to clear. */
  public Future<Boolean> clear(SqlClient db, long workspaceId) {
    return db.preparedQuery(DELETE).execute(Tuple.of(workspaceId)).map(rows -> rows.rowCount() > 0);
  }
}

package com.missedcall.admin.testcalls;

import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Owns {@code test_callers}: the phones a workspace tests its setup from (their calls are marked test). */
public final class TestCallerStore {
  /** How many test phones one workspace may register: a handful of staff phones, never a way around the caps. */
  public static final int MAX_PER_WORKSPACE = 10;

  static final String LIST = """
      SELECT t.id, t.workspace_id, t.number, t.label, t.created_at
        FROM test_callers t JOIN workspaces w ON w.id = t.workspace_id
       WHERE w.agency_id = $1 AND t.workspace_id = $2
       ORDER BY t.id""";
  static final String COUNT = "SELECT count(*) AS n FROM test_callers WHERE workspace_id = $1";
  static final String INSERT = """
      INSERT INTO test_callers (workspace_id, number, label) VALUES ($1, $2, $3)
      ON CONFLICT (workspace_id, number) DO NOTHING
      RETURNING id, workspace_id, number, label, created_at""";
  static final String DELETE = """
      DELETE FROM test_callers t USING workspaces w
       WHERE w.id = t.workspace_id AND w.agency_id = $1 AND t.id = $2
      RETURNING t.id, t.workspace_id, t.number, t.label, t.created_at""";
  static final String[] COLUMNS = {"id", "workspace_id", "number", "label", "created_at"};

  public Future<JsonArray> list(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(Json.row(r, COLUMNS)));
      return out;
    });
  }

  /** Test phones the workspace has (the caller holds the workspace's row lock, so the count stays true). */
  public Future<Long> count(SqlClient db, long workspaceId) {
    return db.preparedQuery(COUNT).execute(Tuple.of(workspaceId)).map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Empty when the workspace already has this number. The workspace is checked by the caller. */
  public Future<Optional<JsonObject>> insert(SqlClient db, long workspaceId, String number, String label) {
    return db.preparedQuery(INSERT).execute(Tuple.of(workspaceId, number, label))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Json.row(rows.iterator().next(), COLUMNS)));
  }

  public Future<Optional<JsonObject>> delete(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(DELETE).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Json.row(rows.iterator().next(), COLUMNS)));
  }
}

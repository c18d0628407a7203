package com.missedcall.admin.workspaces;

import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Owns the admin side of {@code notification_numbers}: the numbers a workspace's team is told things on. */
public final class NotificationNumberStore {
  static final String LIST = """
      SELECT n.id, n.workspace_id, n.phone, n.kind, n.created_at
        FROM notification_numbers n JOIN workspaces w ON w.id = n.workspace_id
       WHERE w.agency_id = $1 AND n.workspace_id = $2
       ORDER BY n.kind, n.id""";
  static final String INSERT = """
      INSERT INTO notification_numbers (workspace_id, phone, kind) VALUES ($1, $2, $3)
      ON CONFLICT (workspace_id, kind, phone) DO NOTHING
      RETURNING id, workspace_id, phone, kind, created_at""";
  static final String DELETE = """
      DELETE FROM notification_numbers n USING workspaces w
       WHERE w.id = n.workspace_id AND w.agency_id = $1 AND n.id = $2
      RETURNING n.id, n.workspace_id, n.phone, n.kind, n.created_at""";
  static final String[] COLUMNS = {"id", "workspace_id", "phone", "kind", "created_at"};

  public Future<JsonArray> list(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(Json.row(r, COLUMNS)));
      return out;
    });
  }

  /** Empty when the workspace already has this number for this kind. The workspace is checked by the caller. */
  public Future<Optional<JsonObject>> insert(SqlClient db, long workspaceId, String phone, String kind) {
    return db.preparedQuery(INSERT).execute(Tuple.of(workspaceId, phone, kind))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Json.row(rows.iterator().next(), COLUMNS)));
  }

  public Future<Optional<JsonObject>> delete(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(DELETE).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Json.row(rows.iterator().next(), COLUMNS)));
  }
}

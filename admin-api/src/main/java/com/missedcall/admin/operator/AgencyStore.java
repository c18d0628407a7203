package com.missedcall.admin.operator;

import com.missedcall.admin.http.Json;
import com.missedcall.admin.http.Patch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Owns the {@code agencies} table: created and changed by the platform operator only, and read when an agency
 * creates a workspace (its workspace limit and default plan).
 */
public final class AgencyStore {
  static final String SELECT = """
      SELECT a.id, a.name, a.status, a.may_set_plans, a.default_plan_code, a.max_workspaces, a.created_at,
             a.updated_at,
             (SELECT count(*) FROM workspaces w WHERE w.agency_id = a.id) AS workspaces,
             (SELECT count(*) FROM api_keys k WHERE k.agency_id = a.id AND k.revoked_at IS NULL
                 AND (k.expires_at IS NULL OR k.expires_at > now())) AS active_api_keys
        FROM agencies a
      """;
  static final String FIND = SELECT + " WHERE a.id = $1";
  static final String LIST = SELECT + """
       WHERE ($1::bigint IS NULL OR a.id > $1) AND ($2::text IS NULL OR a.name ILIKE '%' || $2 || '%')
       ORDER BY a.id
       LIMIT $3""";
  static final String LOCK = "SELECT id FROM agencies WHERE id = $1 FOR UPDATE";
  /** Locks the agency, so concurrent workspace creations are counted one after the other. */
  static final String TERMS = """
      SELECT a.max_workspaces, a.default_plan_code,
             (SELECT count(*) FROM workspaces w WHERE w.agency_id = a.id) AS workspaces
        FROM agencies a WHERE a.id = $1 FOR UPDATE""";
  static final Map<String, String> WRITABLE = new LinkedHashMap<>();
  static final String[] FIELDS = {"id", "name", "status", "may_set_plans", "default_plan_code", "max_workspaces",
      "workspaces", "active_api_keys", "created_at", "updated_at"};

  static {
    WRITABLE.put("name", "");
    WRITABLE.put("status", "");
    WRITABLE.put("may_set_plans", "");
    WRITABLE.put("default_plan_code", "");
    WRITABLE.put("max_workspaces", "int4");
  }

  /** What the operator set for an agency's workspaces, and how many it has. */
  public record Terms(Integer maxWorkspaces, String defaultPlanCode, long workspaces) {
    public boolean full() {
      return maxWorkspaces != null && workspaces >= maxWorkspaces;
    }
  }

  public Future<Terms> terms(SqlClient db, long agencyId) {
    return db.preparedQuery(TERMS).execute(Tuple.of(agencyId)).map(rows -> {
      Row r = rows.iterator().next();
      return new Terms(r.getInteger("max_workspaces"), r.getString("default_plan_code"), r.getLong("workspaces"));
    });
  }

  Future<Optional<JsonObject>> find(SqlClient db, long id) {
    return db.preparedQuery(FIND).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  Future<RowSet<Row>> list(SqlClient db, Long afterId, String q, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(afterId, q, limit + 1));
  }

  Future<Boolean> lock(SqlClient db, long id) {
    return db.preparedQuery(LOCK).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  Future<Long> insert(SqlClient db, JsonObject body) {
    Patch patch = Patch.of(body, WRITABLE, 1);
    String sql = "INSERT INTO agencies (" + patch.insertColumns().substring(2) + ") VALUES ("
        + patch.insertValues().substring(2) + ") RETURNING id";
    return db.preparedQuery(sql).execute(patch.after()).map(rows -> rows.iterator().next().getLong("id"));
  }

  Future<Void> update(SqlClient db, long id, Patch patch) {
    if (patch.isEmpty()) {
      return Future.succeededFuture();
    }
    String sql = "UPDATE agencies SET " + patch.set() + ", updated_at = now() WHERE id = $1";
    return db.preparedQuery(sql).execute(patch.after(id)).mapEmpty();
  }

  static JsonObject toJson(Row r) {
    return Json.row(r, FIELDS);
  }
}

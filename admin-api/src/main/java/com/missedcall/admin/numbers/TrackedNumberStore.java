package com.missedcall.admin.numbers;

import com.missedcall.admin.http.Json;
import com.missedcall.admin.http.Patch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;

/** Owns the {@code tracked_numbers} table for the admin API, always through the agency's workspaces. */
public final class TrackedNumberStore {
  static final String SELECT = """
      SELECT n.id, n.workspace_id, n.account_sid, n.phone_number, n.routing_mode, n.business_phone,
             n.ring_timeout_seconds, n.active, n.created_at
        FROM tracked_numbers n JOIN workspaces w ON w.id = n.workspace_id
      """;
  static final String FIND = SELECT + " WHERE w.agency_id = $1 AND n.id = $2";
  static final String LOCK = """
      SELECT n.id FROM tracked_numbers n JOIN workspaces w ON w.id = n.workspace_id
       WHERE w.agency_id = $1 AND n.id = $2 FOR UPDATE OF n""";
  static final String LIST = SELECT + """
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR n.id > $2)
         AND ($3::bigint IS NULL OR n.workspace_id = $3)
         AND ($4::boolean IS NULL OR n.active = $4)
       ORDER BY n.id
       LIMIT $5""";
  static final String INSERT = """
      INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode, business_phone,
                                   ring_timeout_seconds)
      VALUES ($1, $2, $3, $4, $5, coalesce($6, 20))
      RETURNING id""";
  static final String ACTIVE_HOLDER = """
      SELECT w.agency_id, n.id FROM tracked_numbers n JOIN workspaces w ON w.id = n.workspace_id
       WHERE n.phone_number = $1 AND n.active""";
  static final Map<String, String> WRITABLE = Map.of(
      "routing_mode", "", "business_phone", "", "ring_timeout_seconds", "int4", "active", "");
  static final String[] COLUMNS = {"id", "workspace_id", "account_sid", "phone_number", "routing_mode",
      "business_phone", "ring_timeout_seconds", "active", "created_at"};

  public Future<Optional<JsonObject>> find(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public Future<Boolean> lock(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(LOCK).execute(Tuple.of(agencyId, id)).map(rows -> rows.size() > 0);
  }

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, Long afterId, Long workspaceId, Boolean active,
                                  int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, afterId, workspaceId, active, limit + 1));
  }

  /** Who has the number active, whoever it is: to resolve a conflict, never to answer the caller. */
  public Future<Optional<Holder>> activeHolder(SqlClient db, String phone) {
    return db.preparedQuery(ACTIVE_HOLDER).execute(Tuple.of(phone))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new Holder(rows.iterator().next().getLong("agency_id"), rows.iterator().next().getLong("id"))));
  }

  /** The agency and the tracked number that hold a phone number active. */
  public record Holder(long agencyId, long numberId) {}

  /** The caller has already checked that the workspace and the account are this agency's. */
  public Future<Long> insert(SqlClient db, JsonObject n) {
    return db.preparedQuery(INSERT).execute(Tuple.of(n.getLong("workspace_id"), n.getString("account_sid"),
            n.getString("phone_number"), n.getString("routing_mode"), n.getString("business_phone"),
            n.getInteger("ring_timeout_seconds")))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  public Future<Void> update(SqlClient db, long id, Patch patch) {
    if (patch.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.preparedQuery("UPDATE tracked_numbers SET " + patch.set() + " WHERE id = $1")
        .execute(patch.after(id)).mapEmpty();
  }

  public static JsonObject toJson(Row r) {
    return Json.row(r, COLUMNS);
  }
}

package com.missedcall.admin.auth;

import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Owns the {@code api_keys} table. Keys are found by hash; lists and revocations are scoped to the agency. */
public final class ApiKeyStore {
  static final String AUTHENTICATE = """
      WITH k AS (
        SELECT k.id, k.agency_id, k.name, k.display_prefix, k.last_used_at, a.name AS agency_name, a.may_set_plans
          FROM api_keys k JOIN agencies a ON a.id = k.agency_id
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL),
      used AS (
        UPDATE api_keys SET last_used_at = now() FROM k
         WHERE api_keys.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '30 seconds'))
      SELECT id, agency_id, name, display_prefix, agency_name, may_set_plans FROM k""";
  static final String INSERT = """
      INSERT INTO api_keys (agency_id, name, display_prefix, key_hash, created_by)
      VALUES ($1, $2, $3, $4, $5)
      RETURNING id, name, display_prefix, created_at, last_used_at, revoked_at""";
  static final String LIST = """
      SELECT id, name, display_prefix, created_at, last_used_at, revoked_at
        FROM api_keys
       WHERE agency_id = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC
       LIMIT $3""";
  static final String REVOKE = """
      UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
       WHERE agency_id = $1 AND id = $2
      RETURNING id, name, display_prefix, created_at, last_used_at, revoked_at""";
  static final String[] COLUMNS = {"id", "name", "display_prefix", "created_at", "last_used_at", "revoked_at"};

  public Future<Optional<Caller>> authenticate(SqlClient db, byte[] hash) {
    return db.preparedQuery(AUTHENTICATE).execute(Tuple.of(Buffer.buffer(hash)))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new Caller(r.getLong("agency_id"), r.getString("agency_name"), r.getLong("id"),
              r.getString("name"), r.getString("display_prefix"), r.getBoolean("may_set_plans")));
        });
  }

  public Future<JsonObject> insert(SqlClient db, long agencyId, String name, ApiKeys.NewKey key, Long createdBy) {
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(agencyId, name, key.displayPrefix(), Buffer.buffer(key.hash()), createdBy))
        .map(rows -> toJson(rows.iterator().next()));
  }

  public Future<io.vertx.sqlclient.RowSet<Row>> list(SqlClient db, long agencyId, Long beforeId, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, beforeId, limit + 1));
  }

  public Future<Optional<JsonObject>> revoke(SqlClient db, long agencyId, long keyId) {
    return db.preparedQuery(REVOKE).execute(Tuple.of(agencyId, keyId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public static JsonObject toJson(Row r) {
    JsonObject json = Json.row(r, COLUMNS);
    json.put("prefix", json.remove("display_prefix"));
    json.put("status", r.getValue("revoked_at") == null ? "active" : "revoked");
    return json;
  }
}

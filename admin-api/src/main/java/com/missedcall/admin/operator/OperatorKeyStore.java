package com.missedcall.admin.operator;

import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Owns the {@code operator_keys} table: keys found by hash, the bootstrap key from the environment, lists, revocations. */
public final class OperatorKeyStore {
  static final String AUTHENTICATE = """
      WITH k AS (
        SELECT id, name, display_prefix, last_used_at FROM operator_keys WHERE key_hash = $1 AND revoked_at IS NULL),
      used AS (
        UPDATE operator_keys SET last_used_at = now() FROM k
         WHERE operator_keys.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '30 seconds'))
      SELECT id, name, display_prefix FROM k""";
  static final String INSERT = """
      INSERT INTO operator_keys (name, display_prefix, key_hash, created_by)
      VALUES ($1, $2, $3, $4)
      RETURNING id, name, display_prefix, source, created_at, last_used_at, revoked_at""";
  /** The environment's key becomes the one active 'env' key; a different earlier one is revoked. */
  static final String REVOKE_OTHER_ENV = """
      UPDATE operator_keys SET revoked_at = now()
       WHERE source = 'env' AND revoked_at IS NULL AND key_hash <> $1""";
  static final String INSERT_ENV = """
      INSERT INTO operator_keys (name, display_prefix, key_hash, source)
      VALUES ('bootstrap (OPERATOR_API_KEY)', $2, $1, 'env')
      ON CONFLICT (key_hash) DO NOTHING""";
  static final String LIST = """
      SELECT id, name, display_prefix, source, created_at, last_used_at, revoked_at
        FROM operator_keys
       WHERE ($1::bigint IS NULL OR id < $1)
       ORDER BY id DESC
       LIMIT $2""";
  static final String REVOKE = """
      UPDATE operator_keys SET revoked_at = coalesce(revoked_at, now())
       WHERE id = $1
      RETURNING id, name, display_prefix, source, created_at, last_used_at, revoked_at""";

  public Future<Optional<Operator>> authenticate(SqlClient db, byte[] hash) {
    return db.preparedQuery(AUTHENTICATE).execute(Tuple.of(Buffer.buffer(hash))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new Operator(r.getLong("id"), r.getString("name"), r.getString("display_prefix")));
    });
  }

  public Future<JsonObject> insert(SqlClient db, String name, ApiKeys.NewKey key, long createdBy) {
    return db.preparedQuery(INSERT).execute(Tuple.of(name, key.displayPrefix(), Buffer.buffer(key.hash()), createdBy))
        .map(rows -> toJson(rows.iterator().next()));
  }

  /**
   * Makes {@code key} the active bootstrap key (idempotent; a key revoked through the API stays revoked), and
   * revokes the bootstrap key of an earlier start that had another: changing OPERATOR_API_KEY rotates it.
   */
  public Future<Void> ensureBootstrap(SqlClient db, ApiKeys.NewKey key) {
    Buffer hash = Buffer.buffer(key.hash());
    return db.preparedQuery(REVOKE_OTHER_ENV).execute(Tuple.of(hash))
        .compose(v -> db.preparedQuery(INSERT_ENV).execute(Tuple.of(hash, key.displayPrefix())))
        .mapEmpty();
  }

  public Future<RowSet<Row>> list(SqlClient db, Long beforeId, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(beforeId, limit + 1));
  }

  public Future<Optional<JsonObject>> revoke(SqlClient db, long keyId) {
    return db.preparedQuery(REVOKE).execute(Tuple.of(keyId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public static JsonObject toJson(Row r) {
    JsonObject json = Json.row(r, "id", "name", "display_prefix", "source", "created_at", "last_used_at", "revoked_at");
    json.put("prefix", json.remove("display_prefix"));
    json.put("status", r.getValue("revoked_at") == null ? "active" : "revoked");
    return json;
  }
}

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
        SELECT k.id, k.agency_id, k.name, k.display_prefix, k.last_used_at, k.scope, k.expires_at,
               k.expires_at IS NOT NULL AND k.expires_at <= now() AS expired,
               a.name AS agency_name, a.may_set_plans, a.status AS agency_status
          FROM api_keys k JOIN agencies a ON a.id = k.agency_id
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL),
      used AS (
        UPDATE api_keys SET last_used_at = now() FROM k
         WHERE api_keys.id = k.id AND NOT k.expired
           AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '30 seconds'))
      SELECT id, agency_id, name, display_prefix, agency_name, may_set_plans, scope, expires_at, expired,
             agency_status FROM k""";
  static final String INSERT = """
      INSERT INTO api_keys (agency_id, name, display_prefix, key_hash, created_by, scope, expires_at,
                            issued_by_operator_key)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      RETURNING id, name, display_prefix, scope, expires_at, created_at, last_used_at, revoked_at,
                expires_at IS NOT NULL AND expires_at <= now() AS expired""";
  static final String LIST = """
      SELECT id, name, display_prefix, scope, expires_at, created_at, last_used_at, revoked_at,
             expires_at IS NOT NULL AND expires_at <= now() AS expired
        FROM api_keys
       WHERE agency_id = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC
       LIMIT $3""";
  static final String REVOKE = """
      UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
       WHERE agency_id = $1 AND id = $2
      RETURNING id, name, display_prefix, scope, expires_at, created_at, last_used_at, revoked_at,
                expires_at IS NOT NULL AND expires_at <= now() AS expired""";
  static final String[] COLUMNS = {"id", "name", "display_prefix", "scope", "expires_at", "created_at",
      "last_used_at", "revoked_at"};

  /** A key that was found: who it is, or why it may not be used (expired, agency suspended). */
  public sealed interface Found permits Found.Usable, Found.Expired, Found.Suspended {
    record Usable(Caller caller) implements Found {}

    record Expired() implements Found {}

    record Suspended() implements Found {}
  }

  public Future<Optional<Found>> authenticate(SqlClient db, byte[] hash) {
    return db.preparedQuery(AUTHENTICATE).execute(Tuple.of(Buffer.buffer(hash)))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          if (r.getBoolean("expired")) {
            return Optional.of(new Found.Expired());
          }
          if (!"active".equals(r.getString("agency_status"))) {
            return Optional.of(new Found.Suspended());
          }
          return Optional.of(new Found.Usable(new Caller(r.getLong("agency_id"), r.getString("agency_name"),
              r.getLong("id"), r.getString("name"), r.getString("display_prefix"), r.getBoolean("may_set_plans"),
              ApiKeys.READ_ONLY.equals(r.getString("scope")),
              Json.timestamp(r.getOffsetDateTime("expires_at")))));
        });
  }

  public Future<JsonObject> insert(SqlClient db, long agencyId, String name, ApiKeys.NewKey key, Long createdBy) {
    return insert(db, agencyId, name, key, createdBy, ApiKeys.FULL, null, null);
  }

  /** A key with its scope and expiry; {@code operatorKeyId} when a platform operator issued it. */
  public Future<JsonObject> insert(SqlClient db, long agencyId, String name, ApiKeys.NewKey key, Long createdBy,
                                   String scope, java.time.OffsetDateTime expiresAt, Long operatorKeyId) {
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(agencyId, name, key.displayPrefix(), Buffer.buffer(key.hash()), createdBy, scope)
            .addValue(expiresAt).addValue(operatorKeyId))
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
    json.put("status", r.getValue("revoked_at") != null ? "revoked"
        : Boolean.TRUE.equals(r.getBoolean("expired")) ? "expired" : "active");
    return json;
  }
}

package com.missedcall.admin.webhooks;

import com.missedcall.admin.http.Json;
import com.missedcall.admin.http.Patch;
import com.missedcall.recovery.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;

/**
 * Owns the {@code webhook_endpoints} table. Secrets are written here sealed (see {@link SecretBox}, bound
 * to the endpoint's id) and read only to sign deliveries; answers show their last four characters.
 */
public final class WebhookEndpointStore {
  static final String SELECT = """
      SELECT e.id, e.url, e.description, e.events, e.active, e.secret, e.created_at, e.updated_at,
             (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending,
             (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'failed') AS failed,
             (SELECT max(d.delivered_at) FROM webhook_deliveries d WHERE d.endpoint_id = e.id) AS last_delivered_at
        FROM webhook_endpoints e
      """;
  static final String FIND = SELECT + " WHERE e.agency_id = $1 AND e.id = $2 AND e.deleted_at IS NULL";
  static final String LIST = SELECT + """
       WHERE e.agency_id = $1 AND e.deleted_at IS NULL AND ($2::bigint IS NULL OR e.id > $2)
       ORDER BY e.id
       LIMIT $3""";
  static final String LOCK = """
      SELECT id FROM webhook_endpoints WHERE agency_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE""";
  /** The id is taken first: the sealed secret is bound to it. */
  static final String NEXT_ID = "SELECT nextval(pg_get_serial_sequence('webhook_endpoints', 'id')) AS id";
  static final String INSERT = """
      INSERT INTO webhook_endpoints (id, agency_id, url, description, events, secret, active)
      VALUES ($7, $1, $2, $3, $4, $5, coalesce($6, true))
      RETURNING id""";
  static final String DELETE = """
      UPDATE webhook_endpoints SET deleted_at = now(), active = false, updated_at = now()
       WHERE agency_id = $1 AND id = $2 AND deleted_at IS NULL""";
  static final String SET_SECRET = "UPDATE webhook_endpoints SET secret = $3, updated_at = now() WHERE agency_id = $1 AND id = $2";
  static final Map<String, String> WRITABLE = Map.of("url", "", "description", "", "events", "text[]", "active", "");

  private final SecretBox secrets;

  public WebhookEndpointStore(SecretBox secrets) {
    this.secrets = secrets;
  }

  public Future<Optional<JsonObject>> find(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  /** The endpoint's row, for signing a test delivery: its secret opened with {@link #secret(Row)}. */
  public Future<Optional<Row>> findWithSecret(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** The plaintext signing secret of a row holding {@code id} and {@code secret}. */
  public String secret(Row r) {
    return secrets.open(r.getString("secret"), SecretBox.webhookEndpoint(r.getLong("id")));
  }

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, Long afterId, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, afterId, limit + 1));
  }

  public Future<Boolean> lock(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(LOCK).execute(Tuple.of(agencyId, id)).map(rows -> rows.size() > 0);
  }

  public Future<Long> insert(SqlClient db, long agencyId, JsonObject body, String secret) {
    return db.query(NEXT_ID).execute().map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> db.preparedQuery(INSERT).execute(Tuple.of(agencyId, body.getString("url"),
                body.getString("description"), Patch.strings(body.getJsonArray("events")),
                secrets.seal(secret, SecretBox.webhookEndpoint(id)), body.getBoolean("active"), id))
            .map(rows -> rows.iterator().next().getLong("id")));
  }

  public Future<Void> update(SqlClient db, long id, JsonObject body) {
    Patch patch = Patch.of(body, WRITABLE, 2);
    if (patch.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.preparedQuery("UPDATE webhook_endpoints SET " + patch.set() + ", updated_at = now() WHERE id = $1")
        .execute(patch.after(id)).mapEmpty();
  }

  public Future<Boolean> delete(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(DELETE).execute(Tuple.of(agencyId, id)).map(rows -> rows.rowCount() > 0);
  }

  public Future<Void> setSecret(SqlClient db, long agencyId, long id, String secret) {
    return db.preparedQuery(SET_SECRET).execute(Tuple.of(agencyId, id, secrets.seal(secret, SecretBox.webhookEndpoint(id))))
        .mapEmpty();
  }

  public JsonObject toJson(Row r) {
    JsonObject json = Json.row(r, "id", "url", "description", "events", "active", "created_at", "updated_at",
        "last_delivered_at");
    String secret = secret(r);
    json.put("secret_last4", secret.substring(secret.length() - 4));
    json.put("deliveries", new JsonObject().put("pending", r.getLong("pending")).put("failed", r.getLong("failed")));
    return json;
  }
}

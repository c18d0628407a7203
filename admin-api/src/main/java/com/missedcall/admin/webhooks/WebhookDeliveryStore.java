package com.missedcall.admin.webhooks;

import com.missedcall.admin.http.Json;
import com.missedcall.recovery.work.Claim;
import com.missedcall.recovery.work.ClaimSql;
import com.missedcall.recovery.work.Fence;
import com.missedcall.recovery.work.StaleClaim;
import com.missedcall.recovery.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Owns {@code webhook_deliveries} and {@code webhook_attempts}, and the {@code jobs} of kind 'webhook'
 * that carry them: claim with a lease ({@code FOR UPDATE SKIP LOCKED}), record each attempt, then
 * finish, retry later or give up, in one transaction per attempt, fenced by the claim.
 */
public final class WebhookDeliveryStore {
  static final String CLAIM = """
      WITH c AS (SELECT id FROM jobs
                  WHERE kind = 'webhook'
                    AND ((status = 'pending' AND due_at <= now()) OR (status = 'running' AND lease_until < now()))
                  ORDER BY due_at LIMIT $2
                  FOR UPDATE SKIP LOCKED)
      UPDATE jobs j SET status = 'running', attempts = j.attempts + 1,
                        lease_until = now() + make_interval(secs => $1::double precision), updated_at = now()
        FROM c
       WHERE j.id = c.id
      RETURNING j.id, j.attempts, (j.payload ->> 'delivery_id')::bigint AS delivery_id""";
  static final String LOAD = """
      SELECT d.id, d.event_id, d.event_type, d.payload, e.id AS endpoint_id, e.url, e.secret,
             e.active AND e.deleted_at IS NULL AS sendable
        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.id = $1""";
  static final String ATTEMPT = """
      INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
      VALUES ($1, $2, $3, $4, $5, $6)""";
  static final String SETTLE_DELIVERY = """
      UPDATE webhook_deliveries
         SET status = $2, attempts = $3, last_status_code = $4, last_error = $5,
             next_attempt_at = $6, delivered_at = CASE WHEN $2 = 'delivered' THEN now() END, updated_at = now()
       WHERE id = $1""";
  /** Settles fenced by the claim (id and attempt, still running), like every outbox settle. */
  static final String JOB_DONE = """
      UPDATE jobs SET status = $2, lease_until = NULL, last_error = $3, updated_at = now()
       WHERE id = $1 AND attempts = $4 AND status = 'running'""";
  static final String JOB_RETRY = """
      UPDATE jobs SET status = 'pending', due_at = $2, lease_until = NULL, last_error = $3, updated_at = now()
       WHERE id = $1 AND attempts = $4 AND status = 'running'""";
  static final String INSERT_TEST = """
      INSERT INTO webhook_deliveries (agency_id, endpoint_id, event_id, event_type, payload)
      VALUES ($1, $2, $3, 'webhook.test', $4)
      RETURNING id""";
  static final String LIST = """
      SELECT d.id, d.event_id, d.event_type, d.workspace_id, d.status, d.attempts, d.last_status_code, d.last_error,
             d.next_attempt_at, d.delivered_at, d.created_at, d.payload,
             coalesce((SELECT jsonb_agg(jsonb_build_object(
                        'attempt', a.attempt,
                        'started_at', to_char(a.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                        'duration_ms', a.duration_ms, 'status_code', a.status_code, 'error', a.error)
                        ORDER BY a.attempt)
                         FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::jsonb) AS attempt_log
        FROM webhook_deliveries d
       WHERE d.agency_id = $1 AND d.endpoint_id = $2 AND ($3::bigint IS NULL OR d.id < $3)
         AND ($4::text IS NULL OR d.status = $4)
       ORDER BY d.id DESC
       LIMIT $5""";
  static final String FIND = LIST.replace("AND ($3::bigint IS NULL OR d.id < $3)", "AND d.id = $3")
      .replace("LIMIT $5", "");

  /** A claimed job and the delivery it carries. */
  public record Claimed(long jobId, int attempt, long deliveryId) implements Claim {
    @Override
    public Fence fence() {
      return new Fence(jobId, attempt);
    }
  }

  /** Deliveries are claimed by sweeps only (a wake-up sweeps); the dispatcher settles each attempt itself. */
  static final ClaimSql<Claimed> CLAIMS = new ClaimSql<>(null, CLAIM, List.of(),
      r -> new Claimed(r.getLong("id"), r.getInteger("attempts"), r.getLong("delivery_id")), null, null);

  /** What is needed to send one delivery ({@code secret} in plaintext, so never printed). */
  public record Outgoing(long deliveryId, UUID eventId, String eventType, String body, String url, String secret,
                         boolean sendable) {
    @Override
    public String toString() {
      return "Outgoing[delivery=" + deliveryId + ", event=" + eventType + "]";
    }
  }

  /**
   * How one attempt went. {@code statusCode} is null when no answer came back; {@code permanent} when no
   * later attempt could go better (the URL is not deliverable), so the delivery is failed without retry.
   */
  public record Attempt(int number, OffsetDateTime startedAt, long durationMs, Integer statusCode, String error,
                        boolean permanent) {
    /** The error is stored and shown to the agency: phone numbers in it (a receiver's or a driver's text) masked. */
    public Attempt {
      error = com.missedcall.recovery.calls.CallerNumber.maskWithin(error);
    }

    public boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final Pool pool;

  private final SecretBox secrets;

  public WebhookDeliveryStore(Pool pool, SecretBox secrets) {
    this.pool = pool;
    this.secrets = secrets;
  }

  public Future<List<Claimed>> claim(Duration lease, int limit) {
    return CLAIMS.claimDue(pool, limit, lease);
  }

  public ClaimSql<Claimed> claims() {
    return CLAIMS;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Optional<Outgoing>> load(long deliveryId) {
    return pool.preparedQuery(LOAD).execute(Tuple.of(deliveryId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new Outgoing(r.getLong("id"), r.getUUID("event_id"), r.getString("event_type"),
          String.valueOf(r.getValue("payload")), r.getString("url"),
          secrets.open(r.getString("secret"), SecretBox.webhookEndpoint(r.getLong("endpoint_id"))), r.getBoolean("sendable")));
    });
  }

  /**
   * Records the attempt; the delivery is then delivered, retried at {@code retryAt}, or failed (retryAt null).
   * The job is settled first, fenced by the claim: when its lease expired and another worker claimed it since,
   * this fails with {@link StaleClaim} and records nothing (the newer claim's attempt is the one that counts).
   */
  public Future<Void> settle(Claimed job, Attempt attempt, OffsetDateTime retryAt) {
    String status = attempt.delivered() ? "delivered" : retryAt != null ? "pending" : "failed";
    return pool.withTransaction(conn -> fenced(job, retryAt != null
            ? conn.preparedQuery(JOB_RETRY).execute(Tuple.of(job.jobId(), retryAt, attempt.error(), job.attempt()))
            : conn.preparedQuery(JOB_DONE).execute(Tuple.of(job.jobId(), attempt.delivered() ? "done" : "failed",
                attempt.error(), job.attempt())))
        .compose(v -> record(conn, job.deliveryId(), attempt, status, retryAt)));
  }

  /** A delivery that can never go out (endpoint deleted or disabled): failed without an attempt; fenced too. */
  public Future<Void> abandon(Claimed job, String why) {
    return pool.withTransaction(conn -> fenced(job,
            conn.preparedQuery(JOB_DONE).execute(Tuple.of(job.jobId(), "failed", why, job.attempt())))
        .compose(v -> conn.preparedQuery(SETTLE_DELIVERY)
            .execute(Tuple.of(job.deliveryId(), "failed", job.attempt() - 1, null, why, null)))
        .mapEmpty());
  }

  private static Future<Void> fenced(Claimed job, Future<RowSet<Row>> update) {
    return job.fence().applied(update);
  }

  public Future<Long> insertTest(SqlClient db, long agencyId, long endpointId, UUID eventId, JsonObject payload) {
    return db.preparedQuery(INSERT_TEST).execute(Tuple.of(agencyId, endpointId, eventId, payload))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** A test delivery is tried once, right away, with no job behind it. */
  public Future<Void> settleTest(long deliveryId, Attempt attempt) {
    return pool.withTransaction(conn -> record(conn, deliveryId, attempt,
        attempt.delivered() ? "delivered" : "failed", null));
  }

  private static Future<Void> record(SqlClient conn, long deliveryId, Attempt a, String status, OffsetDateTime next) {
    return conn.preparedQuery(ATTEMPT)
        .execute(Tuple.of(deliveryId, a.number(), a.startedAt(), (int) a.durationMs(), a.statusCode(), a.error()))
        .compose(v -> conn.preparedQuery(SETTLE_DELIVERY)
            .execute(Tuple.of(deliveryId, status, a.number(), a.statusCode(), a.error(), next)))
        .mapEmpty();
  }

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, long endpointId, Long beforeId, String status,
                                  int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, endpointId, beforeId, status, limit + 1));
  }

  public Future<Optional<JsonObject>> find(SqlClient db, long agencyId, long endpointId, long deliveryId) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, endpointId, deliveryId, null))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public static JsonObject toJson(Row r) {
    JsonObject json = Json.row(r, "id", "event_id", "event_type", "workspace_id", "status", "attempts",
        "last_status_code", "last_error", "next_attempt_at", "delivered_at", "created_at", "payload");
    Object log = r.getValue("attempt_log");
    json.put("attempt_log", log instanceof JsonArray a ? a : new JsonArray());
    return json;
  }
}

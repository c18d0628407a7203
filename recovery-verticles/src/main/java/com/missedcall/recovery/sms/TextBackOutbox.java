package com.missedcall.recovery.sms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The text-back jobs of the outbox and their message rows: claim (with a lease, {@code FOR UPDATE SKIP
 * LOCKED}), complete, retry, fail. A claim marks the job's outcome 'unknown' before anything is sent, so
 * a crash mid-send is detected by the next claim and checked against Twilio before a resend.
 */
public final class TextBackOutbox {
  private static final String CLAIM_RETURNING = """
      UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, last_outcome = 'unknown',
                        lease_until = now() + make_interval(secs => $1::double precision), updated_at = now()
        FROM c LEFT JOIN messages m ON m.job_id = c.id
       WHERE j.id = c.id
      RETURNING j.id, j.workspace_id, j.payload, j.attempts, j.created_at, c.prev_outcome,
                m.from_number, m.to_number, m.body, m.message_sid,
                EXISTS (SELECT 1 FROM opt_outs o WHERE o.workspace_id = j.workspace_id AND o.phone = m.to_number)
                  AS opted_out""";
  static final String CLAIM_ONE = """
      WITH c AS (SELECT id, last_outcome AS prev_outcome FROM jobs
                  WHERE id = $2 AND kind = 'textback' AND status = 'pending' AND due_at <= now()
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  static final String CLAIM_DUE = """
      WITH c AS (SELECT id, last_outcome AS prev_outcome FROM jobs
                  WHERE kind = 'textback'
                    AND ((status = 'pending' AND due_at <= now()) OR (status = 'running' AND lease_until < now()))
                  ORDER BY due_at LIMIT $2
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  static final String COMPLETE = """
      WITH m AS (UPDATE messages SET message_sid = $2,
                        status = CASE WHEN message_status_rank(status) < message_status_rank($3) THEN $3 ELSE status END,
                        updated_at = now()
                  WHERE job_id = $1)
      UPDATE jobs SET status = 'done', lease_until = NULL, last_outcome = 'none', updated_at = now()
       WHERE id = $1""";
  static final String RETRY = """
      UPDATE jobs SET status = 'pending', due_at = now() + make_interval(secs => $2::double precision),
                      last_outcome = $3, last_error = $4, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND status = 'running'""";
  static final String FAIL = """
      WITH m AS (UPDATE messages SET status = 'failed', error_code = $2, updated_at = now() WHERE job_id = $1)
      UPDATE jobs SET status = 'failed', last_error = $3, lease_until = NULL, last_outcome = 'none',
                      updated_at = now()
       WHERE id = $1""";
  static final String OPT_OUT = """
      INSERT INTO opt_outs (workspace_id, phone, source, evidence) VALUES ($1, $2, 'twilio_21610', $3)
      ON CONFLICT (workspace_id, phone) DO NOTHING""";
  static final String UNREACHABLE = """
      INSERT INTO unreachable_numbers (phone, error_code) VALUES ($1, $2)
      ON CONFLICT (phone) DO UPDATE SET error_code = EXCLUDED.error_code, noted_at = now()""";
  static final String BACKLOG = """
      SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest
        FROM jobs WHERE status IN ('pending', 'running')""";

  private final Pool pool;
  private final Duration lease;

  public TextBackOutbox(Pool pool, Duration lease) {
    this.pool = pool;
    this.lease = lease;
  }

  public Future<List<ClaimedTextBack>> claim(long jobId) {
    return pool.preparedQuery(CLAIM_ONE).execute(Tuple.of(leaseSeconds(), jobId)).map(TextBackOutbox::toClaims);
  }

  public Future<List<ClaimedTextBack>> claimDue(int limit) {
    return pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(leaseSeconds(), limit)).map(TextBackOutbox::toClaims);
  }

  public Future<Void> complete(long jobId, String messageSid, String status) {
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(jobId, messageSid, status)).mapEmpty();
  }

  /** Back to pending after {@code delay}; {@code maybeSent} tells the next claim to look before sending. */
  public Future<Void> retry(long jobId, Duration delay, boolean maybeSent, String error) {
    return pool.preparedQuery(RETRY)
        .execute(Tuple.of(jobId, delay.toMillis() / 1000.0, maybeSent ? "unknown" : "none", error)).mapEmpty();
  }

  public Future<Void> fail(long jobId, Integer errorCode, String error) {
    return pool.preparedQuery(FAIL).execute(Tuple.of(jobId, errorCode, error)).mapEmpty();
  }

  /** Twilio said the caller unsubscribed (21610): no later text may go to them from this workspace. */
  public Future<Void> failOptedOut(ClaimedTextBack job, int code, String error) {
    return pool.withTransaction(conn -> conn.preparedQuery(OPT_OUT)
        .execute(Tuple.of(job.workspaceId(), job.to(), "Twilio error " + code + ": " + error))
        .compose(v -> conn.preparedQuery(FAIL).execute(Tuple.of(job.jobId(), code, error))))
        .mapEmpty();
  }

  /** Twilio said the number cannot receive SMS: remember it for every workspace. */
  public Future<Void> failUnreachable(ClaimedTextBack job, int code, String error) {
    return pool.withTransaction(conn -> conn.preparedQuery(UNREACHABLE).execute(Tuple.of(job.to(), code))
        .compose(v -> conn.preparedQuery(FAIL).execute(Tuple.of(job.jobId(), code, error))))
        .mapEmpty();
  }

  /** Jobs not finished yet and the age of the oldest, in seconds. */
  public Future<long[]> backlog() {
    return pool.query(BACKLOG).execute().map(rows -> {
      Row r = rows.iterator().next();
      return new long[] {r.getLong("backlog"), r.getLong("oldest")};
    });
  }

  private double leaseSeconds() {
    return lease.toMillis() / 1000.0;
  }

  private static List<ClaimedTextBack> toClaims(RowSet<Row> rows) {
    List<ClaimedTextBack> claims = new ArrayList<>(rows.size());
    for (Row r : rows) {
      JsonObject payload = (JsonObject) r.getValue("payload");
      int attempts = r.getInteger("attempts");
      claims.add(new ClaimedTextBack(r.getLong("id"), r.getLong("workspace_id"), payload.getString("account_sid"),
          attempts, r.getOffsetDateTime("created_at").toInstant(),
          Instant.ofEpochMilli(payload.getLong("received_at_ms", 0L)), r.getString("from_number"),
          r.getString("to_number"), r.getString("body"), r.getString("message_sid"),
          Boolean.TRUE.equals(r.getBoolean("opted_out")),
          attempts > 1 && "unknown".equals(r.getString("prev_outcome"))));
    }
    return claims;
  }
}

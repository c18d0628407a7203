package com.missedcall.recovery.jobs;

import com.missedcall.recovery.work.ClaimSql;
import com.missedcall.recovery.work.StaleClaim;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The timed and conversation work of the outbox (every kind but the SMS sends): claimed with a lease and
 * {@code FOR UPDATE SKIP LOCKED} when due, so any number of workers in any number of processes share it,
 * and a crashed worker's job is taken over when its lease expires. A handler finishes its job inside the
 * transaction that writes the job's effects, fenced by the attempt count, so the effects are written once.
 */
public final class JobQueue {
  private static final String CLAIM_RETURNING = """
      UPDATE jobs j SET status = 'running', attempts = j.attempts + 1,
                        lease_until = now() + make_interval(secs => $1::double precision), updated_at = now()
        FROM c WHERE j.id = c.id
      RETURNING j.id, j.workspace_id, j.kind, j.conversation_id, j.payload, j.attempts, j.created_at, j.due_at""";
  static final String CLAIM_ONE = """
      WITH c AS (SELECT id FROM jobs
                  WHERE id = $2 AND kind = ANY($3::text[]) AND status = 'pending' AND due_at <= now()
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  static final String CLAIM_DUE = """
      WITH c AS (SELECT id FROM jobs
                  WHERE kind = ANY($3::text[])
                    AND ((status = 'pending' AND due_at <= now()) OR (status = 'running' AND lease_until < now()))
                  ORDER BY due_at LIMIT $2
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  static final String FINISH = """
      UPDATE jobs SET status = 'done', lease_until = NULL, last_error = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String RESCHEDULE = """
      UPDATE jobs SET status = 'pending', due_at = $3, attempts = greatest(attempts - 1, 0), lease_until = NULL,
                      updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String RETRY = """
      UPDATE jobs SET status = 'pending', due_at = now() + make_interval(secs => $3::double precision),
                      last_error = $4, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String FAIL = """
      UPDATE jobs SET status = 'failed', last_error = $3, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String INSERT = """
      INSERT INTO jobs (workspace_id, kind, conversation_id, payload, due_at)
      VALUES ($1, $2, $3, $4, coalesce($5, now())) RETURNING id""";
  static final String INSERT_AFTER = """
      INSERT INTO jobs (workspace_id, kind, conversation_id, payload, due_at)
      VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::double precision)) RETURNING id""";

  private final Pool pool;

  public JobQueue(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** How a worker's engine claims, retries and fails the jobs of {@code kinds}. */
  public static ClaimSql<ClaimedJob> claims(List<String> kinds) {
    return new ClaimSql<>(CLAIM_ONE, CLAIM_DUE, List.of((Object) kinds.toArray(String[]::new)), JobQueue::toClaim,
        RETRY, FAIL);
  }

  /**
   * Marks the job done on {@code conn}, inside the transaction that wrote its effects; fails with
   * {@link StaleClaim} (so the transaction rolls back) when another worker took the job over.
   */
  public static Future<Void> finish(SqlClient conn, ClaimedJob job) {
    return fenced(conn.preparedQuery(FINISH).execute(Tuple.of(job.id(), job.attempts())), job);
  }

  /** Back to pending until {@code dueAt}, inside the caller's transaction; not counted as an attempt. */
  public static Future<Void> reschedule(SqlClient conn, ClaimedJob job, Instant dueAt) {
    return fenced(conn.preparedQuery(RESCHEDULE)
        .execute(Tuple.of(job.id(), job.attempts(), OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC))), job);
  }

  /** Queues a job due at {@code dueAt} (now when null) on {@code conn}; completes with its id. */
  public static Future<Long> insert(SqlClient conn, long workspaceId, String kind, Long conversationId,
                                    JsonObject payload, Instant dueAt) {
    return conn.preparedQuery(INSERT).execute(Tuple.of(workspaceId, kind, conversationId,
            payload == null ? new JsonObject() : payload,
            dueAt == null ? null : OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC)))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Queues a job due {@code delay} from the database's now, on {@code conn}; completes with its id. */
  public static Future<Long> insertAfter(SqlClient conn, long workspaceId, String kind, Long conversationId,
                                         JsonObject payload, Duration delay) {
    return conn.preparedQuery(INSERT_AFTER).execute(Tuple.of(workspaceId, kind, conversationId,
            payload == null ? new JsonObject() : payload, seconds(delay)))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  private static Future<Void> fenced(Future<RowSet<Row>> update, ClaimedJob job) {
    return job.fence().applied(update);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static ClaimedJob toClaim(Row r) {
    return new ClaimedJob(r.getLong("id"), r.getLong("workspace_id"), r.getString("kind"),
        r.getLong("conversation_id"), (JsonObject) r.getValue("payload"), r.getInteger("attempts"),
        r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("due_at").toInstant());
  }
}

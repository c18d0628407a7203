package com.missedcall.recovery.sms;

import com.missedcall.recovery.db.StatementBatcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery statuses from Twilio's status callbacks. Out-of-order safe: a status never moves backwards.
 * Callbacks arriving together are recorded by one statement ({@link StatementBatcher}); when one batch
 * holds several statuses of the same message, the most advanced one is applied, exactly as applying them
 * one by one in any order would leave it.
 */
public final class MessageStatusStore {
  /**
   * The message is found by its SID, or by its job while Twilio's SID is not recorded yet (the callback
   * can beat the sender's completion). Each lookup is an {@code = ANY} of the batch's values, so every
   * plan, generic ones included, goes through the unique indexes.
   */
  static final String UPDATE = """
      WITH d AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY
                                 AS d(job_id, message_sid, status, error_code, ord)),
           best AS (SELECT DISTINCT ON (message_sid) * FROM d
                     ORDER BY message_sid, message_status_rank(status) DESC, ord DESC),
           t AS (SELECT m.id, best.* FROM messages m JOIN best ON best.message_sid = m.message_sid
                  WHERE m.message_sid = ANY($2::text[])
                 UNION ALL
                 SELECT m.id, best.* FROM messages m JOIN best ON best.job_id = m.job_id
                  WHERE m.job_id = ANY($1::bigint[]) AND m.message_sid IS NULL),
           u AS (UPDATE messages m SET status = t.status, error_code = coalesce(t.error_code, m.error_code),
                        message_sid = coalesce(m.message_sid, t.message_sid), updated_at = now()
                   FROM t
                  WHERE m.id = t.id AND message_status_rank(t.status) > message_status_rank(m.status)
                 RETURNING t.ord)
      SELECT d.ord, EXISTS (SELECT 1 FROM u WHERE u.ord = d.ord) AS moved FROM d ORDER BY d.ord""";

  /** One status callback. */
  private record Status(Long jobId, String messageSid, String status, Integer errorCode) {}

  private final Vertx vertx;
  private final Pool pool;
  private final StatementBatcher<Status, Boolean> batcher;

  /** Callbacks of one message share a lane, so two statements never race on its row. */
  public MessageStatusStore(Vertx vertx, Pool pool, int lanes, Duration maxWait) {
    this.vertx = vertx;
    this.pool = pool;
    this.batcher = new StatementBatcher<>("message statuses", lanes, 256, 10_000, maxWait.toNanos(),
        s -> s.messageSid().hashCode(), this::recordAll);
  }

  /** Completes with true when the status moved forward, false when it was stale, a repeat or unknown. */
  public Future<Boolean> record(Long jobId, String messageSid, String status, Integer errorCode) {
    return batcher.submit(vertx, new Status(jobId, messageSid, status, errorCode));
  }

  private Future<List<Boolean>> recordAll(List<Status> batch) {
    int n = batch.size();
    Long[] jobs = new Long[n];
    String[] sids = new String[n];
    String[] statuses = new String[n];
    Integer[] codes = new Integer[n];
    for (int i = 0; i < n; i++) {
      Status s = batch.get(i);
      jobs[i] = s.jobId();
      sids[i] = s.messageSid();
      statuses[i] = s.status();
      codes[i] = s.errorCode();
    }
    return pool.preparedQuery(UPDATE).execute(Tuple.of(jobs, sids, statuses, codes)).map(rows -> {
      List<Boolean> moved = new ArrayList<>(n);
      for (Row row : rows) {
        moved.add(row.getBoolean("moved"));
      }
      return moved;
    });
  }
}

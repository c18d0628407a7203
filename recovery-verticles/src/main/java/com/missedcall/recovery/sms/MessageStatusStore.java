package com.missedcall.recovery.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Delivery statuses from Twilio's status callbacks. Out-of-order safe: a status never moves backwards. */
public final class MessageStatusStore {
  static final String UPDATE = """
      UPDATE messages SET status = $3, error_code = coalesce($4, error_code),
                          message_sid = coalesce(message_sid, $2), updated_at = now()
       WHERE (message_sid = $2 OR ($1::bigint IS NOT NULL AND job_id = $1::bigint AND message_sid IS NULL))
         AND message_status_rank($3) > message_status_rank(status)""";

  private final Pool pool;

  public MessageStatusStore(Pool pool) {
    this.pool = pool;
  }

  /** Completes with true when the status moved forward, false when it was stale, a repeat or unknown. */
  public Future<Boolean> record(Long jobId, String messageSid, String status, Integer errorCode) {
    return pool.preparedQuery(UPDATE).execute(Tuple.of(jobId, messageSid, status, errorCode))
        .map(rows -> rows.rowCount() > 0);
  }
}

package com.missedcall.recovery.sms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts texts in the outbox inside the caller's transaction: a job ('sms') and its pending message row,
 * in one statement. Whoever queues wakes the sender after the commit ({@code Addresses.SMS_JOB_READY}).
 */
public final class SmsQueue {
  static final String QUEUE = """
      WITH j AS (INSERT INTO jobs (workspace_id, kind, payload, conversation_id)
                 VALUES ($1, 'sms', $4, $3) RETURNING id)
      INSERT INTO messages (workspace_id, lead_id, job_id, direction, kind, from_number, to_number, body, segments,
                            status, conversation_id, quiet_hours)
      SELECT $1, $2, j.id, 'outbound', $7, $5, $6, $8, $9, 'pending', $3, $10 FROM j
      RETURNING job_id, id""";

  /** A queued text: its job and its message row. */
  public record Queued(long jobId, long messageId) {}

  private SmsQueue() {}

  /** Queues one text; completes with its job and message ids. */
  public static Future<Queued> queue(SqlClient conn, OutboundSms sms) {
    Tuple args = Tuple.of(sms.workspaceId(), sms.leadId(), sms.conversationId(),
            new JsonObject().put("account_sid", sms.accountSid()), sms.from(), sms.to(), sms.kind(), sms.body())
        .addValue(SmsSegments.count(sms.body()))
        .addValue(sms.quietHours());
    return conn.preparedQuery(QUEUE).execute(args).map(rows -> {
      var r = rows.iterator().next();
      return new Queued(r.getLong("job_id"), r.getLong("id"));
    });
  }

  /** Queues texts one after the other (same connection, same transaction); completes with their job ids. */
  public static Future<List<Long>> queueAll(SqlClient conn, List<OutboundSms> texts) {
    List<Long> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (OutboundSms sms : texts) {
      chain = chain.compose(v -> queue(conn, sms).map(queued -> {
        ids.add(queued.jobId());
        return null;
      }));
    }
    return chain.map(v -> ids);
  }
}

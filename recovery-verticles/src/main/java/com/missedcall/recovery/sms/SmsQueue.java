package com.missedcall.recovery.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts texts in the outbox inside the caller's transaction: one pending message row each, which carries its own
 * send state (migration V20). Whoever queues wakes the sender after the commit ({@code Addresses.SMS_JOB_READY},
 * with the message id).
 */
public final class SmsQueue {
  static final String QUEUE = """
      INSERT INTO messages (workspace_id, lead_id, direction, kind, from_number, to_number, body, segments,
                            status, conversation_id, quiet_hours, send_status, due_at, account_sid)
      VALUES ($1, $2, 'outbound', $7, $5, $6, $8, $9, 'pending', $3, $10, 'pending', now(), $4)
      RETURNING id""";

  /** A queued text: its message row (the outbox entry itself). */
  public record Queued(long messageId) {}

  private SmsQueue() {}

  /** Queues one text; completes with its message id. */
  public static Future<Queued> queue(SqlClient conn, OutboundSms sms) {
    Tuple args = Tuple.of(sms.workspaceId(), sms.leadId(), sms.conversationId(), sms.accountSid(), sms.from(),
            sms.to(), sms.kind(), sms.body())
        .addValue(SmsSegments.count(sms.body()))
        .addValue(sms.quietHours());
    return conn.preparedQuery(QUEUE).execute(args).map(rows -> new Queued(rows.iterator().next().getLong("id")));
  }

  /** Queues texts one after the other (same connection, same transaction); completes with their message ids. */
  public static Future<List<Long>> queueAll(SqlClient conn, List<OutboundSms> texts) {
    List<Long> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (OutboundSms sms : texts) {
      chain = chain.compose(v -> queue(conn, sms).map(queued -> {
        ids.add(queued.messageId());
        return null;
      }));
    }
    return chain.map(v -> ids);
  }
}

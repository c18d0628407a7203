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
   * The message is found by its SID, or by its id (the callback URL's {@code message}) while Twilio's SID is
   * not recorded yet (the callback can beat the sender's completion). Each lookup is an {@code = ANY} of the
   * batch's values, so every plan, generic ones included, goes through the unique indexes. A callback applies
   * only when its {@code AccountSid} owns the message: the account the message was sent with, the account whose
   * token signed the callback. Any other callback (another tenant's account that learnt a MessageSid or a
   * message id) is answered like a stale one and changes nothing.
   */
  static final String UPDATE = """
      WITH d AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[]) WITH ORDINALITY
                                 AS d(message_id, message_sid, status, error_code, account_sid, ord)),
           f AS (SELECT m.id, d.ord FROM messages m JOIN d ON d.message_sid = m.message_sid
                  WHERE m.message_sid = ANY($2::text[])
                 UNION ALL
                 SELECT m.id, d.ord FROM messages m JOIN d ON d.message_id = m.id
                  WHERE m.id = ANY($1::bigint[]) AND m.message_sid IS NULL),
           t AS (SELECT f.id, f.ord, d.message_sid, d.status, d.error_code, m.workspace_id,
                        m.from_number, m.to_number,
                        coalesce(m.direction = 'outbound' AND m.account_sid = d.account_sid, false) AS owned
                   FROM f JOIN d ON d.ord = f.ord JOIN messages m ON m.id = f.id),
           best AS (SELECT DISTINCT ON (id) * FROM t WHERE owned
                     ORDER BY id, message_status_rank(status) DESC, ord DESC),
           u AS (UPDATE messages m SET status = best.status, error_code = coalesce(best.error_code, m.error_code),
                        message_sid = coalesce(m.message_sid, best.message_sid), updated_at = now()
                   FROM best
                  WHERE m.id = best.id AND message_status_rank(best.status) > message_status_rank(m.status)
                 RETURNING best.ord)
      SELECT d.ord, t.id IS NOT NULL AS found, coalesce(t.owned, false) AS owned,
             EXISTS (SELECT 1 FROM u WHERE u.ord = d.ord) AS moved,
             t.workspace_id, t.id AS message_id, t.from_number, t.to_number
        FROM d LEFT JOIN LATERAL (SELECT * FROM t WHERE t.ord = d.ord ORDER BY t.owned DESC LIMIT 1) t ON true
       ORDER BY d.ord""";

  /** One status callback, with the account that signed it. */
  private record Status(Long messageId, String messageSid, String status, Integer errorCode, String accountSid) {}

  /**
   * What one callback found and did.
   *
   * @param found  a message with its SID (or its id) exists
   * @param owned  the callback's account sent that message: only then did anything apply
   * @param moved  its status moved forward
   */
  public record Recorded(boolean found, boolean owned, boolean moved, Long workspaceId, Long messageId, String from,
                         String to) {}

  private final Vertx vertx;
  private final Pool pool;
  private final StatementBatcher<Status, Recorded> batcher;

  /** Callbacks of one message share a lane, so two statements never race on its row. */
  public MessageStatusStore(Vertx vertx, Pool pool, int lanes, Duration maxWait) {
    this.vertx = vertx;
    this.pool = pool;
    this.batcher = new StatementBatcher<>("message statuses", lanes, 256, 10_000, maxWait.toNanos(),
        s -> s.messageSid().hashCode(), this::recordAll);
  }

  /**
   * Records a callback signed by {@code accountSid}'s token. A status that is stale, a repeat, for an unknown
   * message or for a message another account sent changes nothing ({@link Recorded#moved()} false).
   */
  public Future<Recorded> record(Long messageId, String messageSid, String status, Integer errorCode, String accountSid) {
    return batcher.submit(vertx, new Status(messageId, messageSid, status, errorCode, accountSid));
  }

  private Future<List<Recorded>> recordAll(List<Status> batch) {
    int n = batch.size();
    Long[] ids = new Long[n];
    String[] sids = new String[n];
    String[] statuses = new String[n];
    Integer[] codes = new Integer[n];
    String[] accounts = new String[n];
    for (int i = 0; i < n; i++) {
      Status s = batch.get(i);
      ids[i] = s.messageId();
      sids[i] = s.messageSid();
      statuses[i] = s.status();
      codes[i] = s.errorCode();
      accounts[i] = s.accountSid();
    }
    return pool.preparedQuery(UPDATE).execute(Tuple.of(ids, sids, statuses, codes, accounts)).map(rows -> {
      List<Recorded> recorded = new ArrayList<>(n);
      for (Row row : rows) {
        recorded.add(new Recorded(row.getBoolean("found"), row.getBoolean("owned"), row.getBoolean("moved"),
            row.getLong("workspace_id"), row.getLong("message_id"), row.getString("from_number"),
            row.getString("to_number")));
      }
      return recorded;
    });
  }
}

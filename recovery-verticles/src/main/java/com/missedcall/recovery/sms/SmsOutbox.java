package com.missedcall.recovery.sms;

import com.missedcall.recovery.calls.CallerNumber;

import com.missedcall.recovery.db.StatementBatcher;
import com.missedcall.recovery.work.ClaimSql;
import com.missedcall.recovery.work.StaleClaim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outbound texts of the outbox: each is one {@code messages} row carrying its own send state (migration V20:
 * {@code send_status}, {@code attempts}, {@code due_at}, {@code lease_until}, {@code last_outcome}), claimed
 * (with a lease, {@code FOR UPDATE SKIP LOCKED}) by the sender's lease engine, then completed, retried, held,
 * released, failed or cancelled. Every text the product sends goes through here, so every one gets the same
 * guarantees: the opt-out is checked at claim time (the one confirmation of a free-text revocation, kind
 * 'optout_confirm', is the only text an opted-out caller receives), every settle is fenced by the claim (message
 * id and attempt, still running) so a worker whose lease expired cannot overwrite what the worker holding the
 * text now does, and a claim marks the outcome 'unknown' before anything is sent, so a crash mid-send is detected
 * by the next claim and checked against Twilio before a resend.
 */
public final class SmsOutbox {
  private static final String CLAIM_RETURNING = """
      UPDATE messages m SET send_status = 'running', attempts = m.attempts + 1, last_outcome = 'unknown',
                            lease_until = now() + make_interval(secs => $1::double precision), updated_at = now()
        FROM c JOIN workspaces w ON w.id = c.workspace_id
       WHERE m.id = c.id
      RETURNING m.id, m.workspace_id, m.account_sid, m.attempts, m.created_at, m.lease_until, m.webhook_received_at,
                c.prev_outcome, m.kind, m.conversation_id, m.from_number, m.to_number, m.body, m.message_sid,
                CASE WHEN m.kind = 'textback' THEN NOT w.textback_quiet_hours_exempt ELSE m.quiet_hours END
                  AS quiet_hours,
                w.timezone,
                m.kind IS DISTINCT FROM 'optout_confirm'
                  AND caller_opted_out(m.workspace_id, m.to_number)
                  AS opted_out,
                w.sending_paused_at IS NOT NULL AND m.kind IN (""" + PausedKinds.SQL_LIST + ") AS sending_paused";
  static final String CLAIM_ONE = """
      WITH c AS (SELECT id, workspace_id, last_outcome AS prev_outcome FROM messages
                  WHERE id = $2 AND send_status = 'pending' AND due_at <= now()
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  static final String CLAIM_DUE = """
      WITH c AS (SELECT id, workspace_id, last_outcome AS prev_outcome FROM messages
                  WHERE (send_status = 'pending' AND due_at <= now()) OR (send_status = 'running' AND lease_until < now())
                  ORDER BY due_at LIMIT $2
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  /**
   * Many sends at once (one row per text): message done with its SID and status, conversation activity. Each is
   * fenced by its claim (id and attempt, still running): a settle from a claim whose lease expired and was
   * claimed again changes nothing, and the ids it returns tell which were applied. The {@code = ANY($1)}
   * condition lets the planner reach the rows through their index (a join with {@code unnest()} alone is
   * planned as a scan of the whole table).
   */
  static final String COMPLETE = """
      WITH d AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[])
                   AS d(id, attempts, message_sid, status)),
           m AS (UPDATE messages m SET send_status = 'done', lease_until = NULL, last_outcome = 'none',
                        message_sid = d.message_sid,
                        status = CASE WHEN message_status_rank(m.status) < message_status_rank(d.status)
                                      THEN d.status ELSE m.status END,
                        updated_at = now()
                   FROM d WHERE m.id = ANY($1::bigint[]) AND m.id = d.id AND m.attempts = d.attempts
                    AND m.send_status = 'running'
                 RETURNING m.id, m.conversation_id, m.to_number),
           cv AS (UPDATE conversations c SET last_outbound_at = now(), last_activity_at = now()
                    FROM (SELECT DISTINCT conversation_id, to_number FROM m) m
                   WHERE c.id = m.conversation_id AND c.caller = m.to_number)
      SELECT id FROM m""";
  static final String RETRY = """
      UPDATE messages SET send_status = 'pending', due_at = now() + make_interval(secs => $2::double precision),
                          last_outcome = $3, last_error = $4, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $5 AND send_status = 'running'""";
  /**
   * Back to pending until {@code $2}; a hold is not an attempt, and the wait is no latency of the text-back's
   * (its webhook time is cleared).
   */
  static final String HOLD = """
      WITH e AS (INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
                 SELECT workspace_id, conversation_id, 'message_held', 'quiet_hours',
                        jsonb_build_object('message_id', id, 'until', $2::timestamptz)
                   FROM messages
                  WHERE id = $1 AND attempts = $4 AND conversation_id IS NOT NULL AND send_status = 'running')
      UPDATE messages SET send_status = 'pending', due_at = $2::timestamptz, attempts = greatest(attempts - 1, 0),
                          last_outcome = $3, lease_until = NULL, webhook_received_at = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $4 AND send_status = 'running'""";
  /** Back to pending in a second without counting the attempt: nothing was sent under this claim. */
  static final String RELEASE = """
      UPDATE messages SET send_status = 'pending', due_at = now() + interval '1 second',
                          attempts = greatest(attempts - 1, 0), last_outcome = $3, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND send_status = 'running'""";
  /** Failed for good, fenced by the claim like every settle. */
  static final String FAIL = """
      UPDATE messages SET send_status = 'failed', status = 'failed', error_code = $2, last_error = $3,
                          lease_until = NULL, last_outcome = 'none', updated_at = now()
       WHERE id = $1 AND attempts = $4 AND send_status = 'running'""";
  /** A text never to be sent (its workspace's sending is paused): cancelled, not failed; fenced like the rest. */
  static final String CANCEL = """
      UPDATE messages SET send_status = 'cancelled', status = 'canceled', last_error = $2, lease_until = NULL,
                          last_outcome = 'none', updated_at = now()
       WHERE id = $1 AND attempts = $3 AND send_status = 'running'""";
  /**
   * Work that is due and not finished (texts and the other jobs), and how long the oldest of it has been due.
   * Work scheduled for later (a follow-up in 30 minutes, an auto-close in two days, a text held for quiet hours)
   * is not backlog until it is due. Each arm matches one partial index.
   */
  static final String BACKLOG = """
      SELECT coalesce(sum(n), 0)::bigint AS backlog,
             coalesce(extract(epoch FROM now() - min(oldest)), 0)::bigint AS oldest
        FROM (SELECT count(*) AS n, min(due_at) AS oldest FROM jobs WHERE status = 'pending' AND due_at <= now()
              UNION ALL
              SELECT count(*), min(due_at) FROM jobs WHERE status = 'running' AND due_at <= now()
              UNION ALL
              SELECT count(*), min(due_at) FROM messages WHERE send_status = 'pending' AND due_at <= now()
              UNION ALL
              SELECT count(*), min(due_at) FROM messages WHERE send_status = 'running' AND due_at <= now()) b""";

  /** A send Twilio accepted, to be recorded under claim {@code attempts}. */
  private record Completion(long messageId, int attempts, String messageSid, String status) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Duration lease;
  private final StatementBatcher<Completion, Boolean> completions;
  private final ClaimSql<ClaimedSms> claims = new ClaimSql<>(CLAIM_ONE, CLAIM_DUE, List.of(), SmsOutbox::toClaim,
      null, null);

  /**
   * Completions are grouped ({@link StatementBatcher}, one lane: two statements never update the same
   * conversation at once): under load one statement records many accepted sends.
   */
  public SmsOutbox(Vertx vertx, Pool pool, Duration lease) {
    this.vertx = vertx;
    this.pool = pool;
    this.lease = lease;
    this.completions = new StatementBatcher<>("sms completions", 1, 256, 100_000, lease.toNanos(),
        c -> 0, this::completeAll);
  }

  /** How the sender's engine claims outbound texts (a failed send is settled by the sender, never retried blindly). */
  public ClaimSql<ClaimedSms> claims() {
    return claims;
  }

  public Pool pool() {
    return pool;
  }

  public Duration lease() {
    return lease;
  }

  public Future<List<ClaimedSms>> claim(long jobId) {
    return claims.claimOne(pool, jobId, lease);
  }

  public Future<List<ClaimedSms>> claimDue(int limit) {
    return claims.claimDue(pool, limit, lease);
  }

  /**
   * Records that Twilio accepted the job's text; fails with {@link StaleClaim} (and records nothing) when the
   * job's lease expired and another worker claimed it since.
   */
  public Future<Void> complete(ClaimedSms job, String messageSid, String status) {
    return completions.submit(vertx, new Completion(job.messageId(), job.attempts(), messageSid, status))
        .compose(applied -> applied ? Future.<Void>succeededFuture() : stale(job));
  }

  private Future<List<Boolean>> completeAll(List<Completion> batch) {
    Long[] ids = new Long[batch.size()];
    Integer[] attempts = new Integer[batch.size()];
    String[] sids = new String[batch.size()];
    String[] statuses = new String[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      ids[i] = batch.get(i).messageId();
      attempts[i] = batch.get(i).attempts();
      sids[i] = batch.get(i).messageSid();
      statuses[i] = batch.get(i).status();
    }
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(ids, attempts, sids, statuses)).map(rows -> {
      Set<Long> applied = new HashSet<>();
      rows.forEach(r -> applied.add(r.getLong("id")));
      return batch.stream().map(c -> applied.contains(c.messageId())).toList();
    });
  }

  /**
   * Back to pending after {@code delay}; {@code maybeSent} tells the next claim to look before sending. Fenced
   * by the claim: fails with {@link StaleClaim} when another worker holds the job now.
   */
  public Future<Void> retry(ClaimedSms job, Duration delay, boolean maybeSent, String error) {
    return fenced(pool.preparedQuery(RETRY).execute(Tuple.of(job.messageId(), delay.toMillis() / 1000.0,
        maybeSent ? "unknown" : "none", lastError(error), job.attempts())), job);
  }

  /** Waits until {@code until} (quiet hours where the recipient is); recorded on the conversation. */
  public Future<Void> hold(ClaimedSms job, Instant until) {
    return fenced(pool.preparedQuery(HOLD)
        .execute(Tuple.of(job.messageId(), OffsetDateTime.ofInstant(until, ZoneOffset.UTC),
            job.mayHaveBeenSent() ? "unknown" : "none", job.attempts())), job);
  }

  /**
   * Gives the job back unsent (its lease is too short for a send to end in time), not counted as an attempt;
   * an earlier attempt's unknown outcome is kept, so the next claim still looks at Twilio first. Fenced.
   */
  public Future<Void> release(ClaimedSms job) {
    return fenced(pool.preparedQuery(RELEASE)
        .execute(Tuple.of(job.messageId(), job.attempts(), job.mayHaveBeenSent() ? "unknown" : "none")), job);
  }

  /** Failed for good (job and message); fenced by the claim like {@link #retry}. */
  public Future<Void> fail(ClaimedSms job, Integer errorCode, String error) {
    return failOn(pool, job, errorCode, error);
  }

  /** Fails the job on {@code conn} (the caller's transaction), fenced: {@link StaleClaim} rolls it back. */
  static Future<Void> failOn(SqlClient conn, ClaimedSms job, Integer errorCode, String error) {
    return fenced(conn.preparedQuery(FAIL).execute(Tuple.of(job.messageId(), errorCode, lastError(error),
        job.attempts())), job);
  }

  /** Cancels the job on {@code conn} (the caller's transaction), fenced like {@link #failOn}. */
  static Future<Void> cancelOn(SqlClient conn, ClaimedSms job, String why) {
    return fenced(conn.preparedQuery(CANCEL).execute(Tuple.of(job.messageId(), lastError(why), job.attempts())), job);
  }

  private static Future<Void> fenced(Future<RowSet<Row>> update, ClaimedSms job) {
    return job.fence().applied(update);
  }

  private static Future<Void> stale(ClaimedSms job) {
    return job.fence().stale();
  }

  /**
   * The one place an error (Twilio's message, a client exception) becomes stored text: phone numbers in it
   * are masked, since Twilio quotes the recipient ("The 'To' number +1555... is not a valid phone number").
   */
  static String lastError(String error) {
    return CallerNumber.maskWithin(error);
  }

  /** Due jobs not finished yet and how long the oldest has been due, in seconds. */
  public Future<long[]> backlog() {
    return pool.query(BACKLOG).execute().map(rows -> {
      Row r = rows.iterator().next();
      return new long[] {r.getLong("backlog"), r.getLong("oldest")};
    });
  }

  private static ClaimedSms toClaim(Row r) {
    int attempts = r.getInteger("attempts");
    String zone = r.getString("timezone");
    OffsetDateTime webhook = r.getOffsetDateTime("webhook_received_at");
    return new ClaimedSms(r.getLong("id"), r.getLong("workspace_id"), r.getString("account_sid"),
        attempts, r.getOffsetDateTime("created_at").toInstant(), webhook == null ? null : webhook.toInstant(),
        r.getString("kind"),
        r.getLong("conversation_id"), r.getString("from_number"), r.getString("to_number"), r.getString("body"),
        r.getString("message_sid"), Boolean.TRUE.equals(r.getBoolean("quiet_hours")),
        zone == null ? ZoneOffset.UTC : ZoneId.of(zone),
        Boolean.TRUE.equals(r.getBoolean("opted_out")),
        attempts > 1 && "unknown".equals(r.getString("prev_outcome")),
        Boolean.TRUE.equals(r.getBoolean("sending_paused")),
        r.getOffsetDateTime("lease_until").toInstant());
  }
}

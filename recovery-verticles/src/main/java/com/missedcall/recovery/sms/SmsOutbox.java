package com.missedcall.recovery.sms;

import com.missedcall.recovery.calls.CallerNumber;

import com.missedcall.recovery.db.StatementBatcher;
import com.missedcall.recovery.work.ClaimSql;
import com.missedcall.recovery.work.StaleClaim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outbound SMS jobs of the outbox ({@code kind} 'textback' and 'sms') and their message rows: claim
 * (with a lease, {@code FOR UPDATE SKIP LOCKED}), complete, retry, hold, fail. Every text the product
 * sends goes through here, so every one gets the same guarantees: the opt-out is checked at claim time
 * (the one confirmation of a free-text revocation, kind 'optout_confirm', is the only text an opted-out
 * caller receives), every settle is fenced by the claim (job id and attempt, still running) so a worker whose
 * lease expired cannot overwrite what the worker holding the job now does, and a claim marks the job's outcome 'unknown' before anything is sent, so a crash mid-send is detected by
 * the next claim and checked against Twilio before a resend.
 */
public final class SmsOutbox {
  private static final String CLAIM_RETURNING = """
      UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, last_outcome = 'unknown',
                        lease_until = now() + make_interval(secs => $1::double precision), updated_at = now()
        FROM c JOIN workspaces w ON w.id = c.workspace_id LEFT JOIN messages m ON m.job_id = c.id
       WHERE j.id = c.id
      RETURNING j.id, j.workspace_id, j.payload, j.attempts, j.created_at, j.lease_until, c.prev_outcome,
                m.kind, m.conversation_id, m.from_number, m.to_number, m.body, m.message_sid,
                CASE WHEN m.kind = 'textback' THEN NOT w.textback_quiet_hours_exempt ELSE m.quiet_hours END
                  AS quiet_hours,
                w.timezone,
                m.kind IS DISTINCT FROM 'optout_confirm'
                  AND EXISTS (SELECT 1 FROM opt_outs o WHERE o.workspace_id = j.workspace_id AND o.phone = m.to_number)
                  AS opted_out,
                w.sending_paused_at IS NOT NULL AND m.kind IN (""" + PausedKinds.SQL_LIST + ") AS sending_paused";
  static final String CLAIM_ONE = """
      WITH c AS (SELECT id, workspace_id, last_outcome AS prev_outcome FROM jobs
                  WHERE id = $2 AND kind IN ('textback', 'sms') AND status = 'pending' AND due_at <= now()
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  static final String CLAIM_DUE = """
      WITH c AS (SELECT id, workspace_id, last_outcome AS prev_outcome FROM jobs
                  WHERE kind IN ('textback', 'sms')
                    AND ((status = 'pending' AND due_at <= now()) OR (status = 'running' AND lease_until < now()))
                  ORDER BY due_at LIMIT $2
                  FOR UPDATE SKIP LOCKED)
      """ + CLAIM_RETURNING;
  /**
   * Many sends at once (one row per job): job done, message SID and status, conversation activity. Each is
   * fenced by its claim (id and attempt, still running): a settle from a claim whose lease expired and was
   * claimed again changes nothing, and the ids it returns tell which were applied. The {@code = ANY($1)}
   * conditions let the planner reach the rows through their indexes (a join with {@code unnest()} alone is
   * planned as a scan of the whole table).
   */
  static final String COMPLETE = """
      WITH d AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[])
                   AS d(job_id, attempts, message_sid, status)),
           j AS (UPDATE jobs j SET status = 'done', lease_until = NULL, last_outcome = 'none', updated_at = now()
                   FROM d WHERE j.id = ANY($1::bigint[]) AND j.id = d.job_id AND j.attempts = d.attempts
                    AND j.status = 'running'
                 RETURNING j.id),
           m AS (UPDATE messages m SET message_sid = d.message_sid,
                        status = CASE WHEN message_status_rank(m.status) < message_status_rank(d.status)
                                      THEN d.status ELSE m.status END,
                        updated_at = now()
                   FROM d JOIN j ON j.id = d.job_id WHERE m.job_id = ANY($1::bigint[]) AND m.job_id = d.job_id
                  RETURNING m.conversation_id, m.to_number),
           cv AS (UPDATE conversations c SET last_outbound_at = now(), last_activity_at = now()
                    FROM (SELECT DISTINCT conversation_id, to_number FROM m) m
                   WHERE c.id = m.conversation_id AND c.caller = m.to_number)
      SELECT id FROM j""";
  static final String RETRY = """
      UPDATE jobs SET status = 'pending', due_at = now() + make_interval(secs => $2::double precision),
                      last_outcome = $3, last_error = $4, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $5 AND status = 'running'""";
  /** Back to pending until {@code $2}; a hold is not an attempt. */
  static final String HOLD = """
      WITH e AS (INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
                 SELECT workspace_id, conversation_id, 'message_held', 'quiet_hours',
                        jsonb_build_object('job_id', id, 'until', $2::timestamptz)
                   FROM jobs WHERE id = $1 AND attempts = $4 AND conversation_id IS NOT NULL AND status = 'running')
      UPDATE jobs SET status = 'pending', due_at = $2::timestamptz, attempts = greatest(attempts - 1, 0),
                      last_outcome = $3, lease_until = NULL, payload = payload || '{"held": true}'::jsonb,
                      updated_at = now()
       WHERE id = $1 AND attempts = $4 AND status = 'running'""";
  /** Back to pending in a second without counting the attempt: nothing was sent under this claim. */
  static final String RELEASE = """
      UPDATE jobs SET status = 'pending', due_at = now() + interval '1 second', attempts = greatest(attempts - 1, 0),
                      last_outcome = $3, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  /** Failed for good, fenced by the claim like every settle; the message row follows only a fenced job. */
  static final String FAIL = """
      WITH j AS (UPDATE jobs SET status = 'failed', last_error = $3, lease_until = NULL, last_outcome = 'none',
                                 updated_at = now()
                  WHERE id = $1 AND attempts = $4 AND status = 'running'
                 RETURNING id),
           m AS (UPDATE messages SET status = 'failed', error_code = $2, updated_at = now()
                  WHERE job_id = $1 AND job_id IN (SELECT id FROM j))
      SELECT id FROM j""";
  /** A text never to be sent (its workspace's sending is paused): cancelled, not failed; fenced like the rest. */
  static final String CANCEL = """
      WITH j AS (UPDATE jobs SET status = 'cancelled', last_error = $2, lease_until = NULL, last_outcome = 'none',
                                 updated_at = now()
                  WHERE id = $1 AND attempts = $3 AND status = 'running'
                 RETURNING id),
           m AS (UPDATE messages SET status = 'canceled', updated_at = now()
                  WHERE job_id = $1 AND job_id IN (SELECT id FROM j))
      SELECT id FROM j""";
  /**
   * Work that is due and not finished, and how long the oldest of it has been due. Jobs scheduled for
   * later (a follow-up in 30 minutes, an auto-close in two days, a text held for quiet hours) are not
   * backlog until they are due.
   */
  static final String BACKLOG = """
      SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(due_at)), 0)::bigint AS oldest
        FROM jobs WHERE status IN ('pending', 'running') AND due_at <= now()""";

  /** A send Twilio accepted, to be recorded under claim {@code attempts}. */
  private record Completion(long jobId, int attempts, String messageSid, String status) {}

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
    return completions.submit(vertx, new Completion(job.jobId(), job.attempts(), messageSid, status))
        .compose(applied -> applied ? Future.<Void>succeededFuture() : stale(job));
  }

  private Future<List<Boolean>> completeAll(List<Completion> batch) {
    Long[] jobs = new Long[batch.size()];
    Integer[] attempts = new Integer[batch.size()];
    String[] sids = new String[batch.size()];
    String[] statuses = new String[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      jobs[i] = batch.get(i).jobId();
      attempts[i] = batch.get(i).attempts();
      sids[i] = batch.get(i).messageSid();
      statuses[i] = batch.get(i).status();
    }
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(jobs, attempts, sids, statuses)).map(rows -> {
      Set<Long> applied = new HashSet<>();
      rows.forEach(r -> applied.add(r.getLong("id")));
      return batch.stream().map(c -> applied.contains(c.jobId())).toList();
    });
  }

  /**
   * Back to pending after {@code delay}; {@code maybeSent} tells the next claim to look before sending. Fenced
   * by the claim: fails with {@link StaleClaim} when another worker holds the job now.
   */
  public Future<Void> retry(ClaimedSms job, Duration delay, boolean maybeSent, String error) {
    return fenced(pool.preparedQuery(RETRY).execute(Tuple.of(job.jobId(), delay.toMillis() / 1000.0,
        maybeSent ? "unknown" : "none", lastError(error), job.attempts())), job);
  }

  /** Waits until {@code until} (quiet hours where the recipient is); recorded on the conversation. */
  public Future<Void> hold(ClaimedSms job, Instant until) {
    return fenced(pool.preparedQuery(HOLD)
        .execute(Tuple.of(job.jobId(), OffsetDateTime.ofInstant(until, ZoneOffset.UTC),
            job.mayHaveBeenSent() ? "unknown" : "none", job.attempts())), job);
  }

  /**
   * Gives the job back unsent (its lease is too short for a send to end in time), not counted as an attempt;
   * an earlier attempt's unknown outcome is kept, so the next claim still looks at Twilio first. Fenced.
   */
  public Future<Void> release(ClaimedSms job) {
    return fenced(pool.preparedQuery(RELEASE)
        .execute(Tuple.of(job.jobId(), job.attempts(), job.mayHaveBeenSent() ? "unknown" : "none")), job);
  }

  /** Failed for good (job and message); fenced by the claim like {@link #retry}. */
  public Future<Void> fail(ClaimedSms job, Integer errorCode, String error) {
    return failOn(pool, job, errorCode, error);
  }

  /** Fails the job on {@code conn} (the caller's transaction), fenced: {@link StaleClaim} rolls it back. */
  static Future<Void> failOn(SqlClient conn, ClaimedSms job, Integer errorCode, String error) {
    return conn.preparedQuery(FAIL).execute(Tuple.of(job.jobId(), errorCode, lastError(error), job.attempts()))
        .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture() : stale(job));
  }

  /** Cancels the job on {@code conn} (the caller's transaction), fenced like {@link #failOn}. */
  static Future<Void> cancelOn(SqlClient conn, ClaimedSms job, String why) {
    return conn.preparedQuery(CANCEL).execute(Tuple.of(job.jobId(), lastError(why), job.attempts()))
        .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture() : stale(job));
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
    JsonObject payload = (JsonObject) r.getValue("payload");
    int attempts = r.getInteger("attempts");
    String zone = r.getString("timezone");
    return new ClaimedSms(r.getLong("id"), r.getLong("workspace_id"), payload.getString("account_sid"),
        attempts, r.getOffsetDateTime("created_at").toInstant(),
        payload.getBoolean("held", false) ? null : Instant.ofEpochMilli(payload.getLong("received_at_ms", 0L)),
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

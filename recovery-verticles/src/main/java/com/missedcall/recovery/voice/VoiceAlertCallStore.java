package com.missedcall.recovery.voice;

import com.missedcall.recovery.jobs.ClaimedJob;
import com.missedcall.recovery.jobs.JobQueue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outbound alert calls of emergencies captured by voice ({@code voice_alert_calls}, V71): one row per voice call
 * and alert number, queued with its {@value #KIND} job in the transaction that records the urgent need, so a number
 * is rung at most once per call; the worker ({@link VoiceAlertCaller}) records each request before it goes out, so
 * a request whose outcome is unknown is looked up at Twilio before it is ever made again.
 */
public final class VoiceAlertCallStore {
  public static final String KIND = "voice_alert_call";

  static final String INSERT = """
      INSERT INTO voice_alert_calls (workspace_id, voice_call_id, account_sid, from_number, to_number, words)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (voice_call_id, to_number) DO NOTHING
      RETURNING id""";
  static final String LOAD = """
      SELECT id, workspace_id, account_sid, from_number, to_number, status, requested_at, attempts
        FROM voice_alert_calls WHERE id = $1""";
  /** The claim still holds the job: the request is recorded as going out only by the job's current holder. */
  static final String STILL_HELD = """
      UPDATE jobs SET updated_at = now() WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String CALLING = """
      UPDATE voice_alert_calls SET status = 'calling', attempts = attempts + 1, requested_at = now(), updated_at = now()
       WHERE id = $1 AND status IN ('pending', 'calling')
      RETURNING requested_at""";
  static final String PLACED = """
      UPDATE voice_alert_calls SET status = 'placed', twilio_call_sid = $2, placed_at = now(), last_error = NULL,
                                   updated_at = now()
       WHERE id = $1 AND status IN ('pending', 'calling')""";
  static final String NOT_PLACED = """
      UPDATE voice_alert_calls SET status = $3, last_error = $2, updated_at = now()
       WHERE id = $1 AND status IN ('pending', 'calling')""";
  /** Calls already known to be another alert's, so a look-up never takes one of them for its own. */
  static final String KNOWN_SIDS = """
      SELECT twilio_call_sid FROM voice_alert_calls
       WHERE account_sid = $1 AND to_number = $2 AND from_number = $3 AND twilio_call_sid IS NOT NULL AND id <> $4""";
  static final String ENDED = """
      UPDATE voice_alert_calls SET call_status = $3, call_duration_seconds = $4, ended_at = now(), updated_at = now()
       WHERE id = $1 AND account_sid = $2""";
  static final String WORDS = """
      SELECT a.words, w.voice_language FROM voice_alert_calls a JOIN workspaces w ON w.id = a.workspace_id
       WHERE a.id = $1 AND a.account_sid = $2""";

  /** One alert call as the worker sees it. */
  public record AlertCall(long id, long workspaceId, String accountSid, String from, String to, String status,
                          Instant requestedAt, int attempts) {}

  private final Pool pool;

  public VoiceAlertCallStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * In the caller's transaction: a row and a job for each number not yet rung for this voice call; completes with
   * the jobs' ids (to wake the worker once committed).
   */
  public static Future<List<Long>> queue(SqlConnection conn, VoiceCall call, List<String> to, String words) {
    List<Long> jobs = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String number : new java.util.LinkedHashSet<>(to)) {
      chain = chain.compose(v -> conn.preparedQuery(INSERT).execute(Tuple.of(call.workspaceId(), call.id(),
              call.accountSid(), call.called(), number, words))
          .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
              : JobQueue.insert(conn, call.workspaceId(), KIND, call.conversationId(),
                  new JsonObject().put("alert_call_id", rows.iterator().next().getLong("id")), null)
                  .map(jobs::add).mapEmpty()));
    }
    return chain.map(v -> jobs);
  }

  public Future<Optional<AlertCall>> load(long id) {
    return pool.preparedQuery(LOAD).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new AlertCall(r.getLong("id"), r.getLong("workspace_id"), r.getString("account_sid"),
          r.getString("from_number"), r.getString("to_number"), r.getString("status"),
          r.getOffsetDateTime("requested_at") == null ? null : r.getOffsetDateTime("requested_at").toInstant(),
          r.getInteger("attempts")));
    });
  }

  /**
   * Records that a request is about to go out, while the job's claim still holds (fails with a stale claim
   * otherwise, and nothing goes out); completes with the time recorded.
   */
  public Future<Instant> calling(ClaimedJob job, long id) {
    return pool.withTransaction(conn -> job.fence()
        .applied(conn.preparedQuery(STILL_HELD).execute(Tuple.of(job.id(), job.attempts())))
        .compose(v -> conn.preparedQuery(CALLING).execute(Tuple.of(id)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new IllegalStateException("alert call " + id
                + " is no longer waiting to be placed"))
            : Future.succeededFuture(rows.iterator().next().getOffsetDateTime("requested_at").toInstant())));
  }

  /** Twilio created the call: recorded with the job finished, in one transaction. */
  public Future<Void> placed(ClaimedJob job, long id, String callSid) {
    return pool.withTransaction(conn -> conn.preparedQuery(PLACED).execute(Tuple.of(id, callSid))
        .compose(v -> JobQueue.finish(conn, job)));
  }

  /** The request certainly created no call: back to pending with the error (the job retries). */
  public Future<Void> notPlaced(long id, String error) {
    return pool.preparedQuery(NOT_PLACED).execute(Tuple.of(id, clip(error), "pending")).mapEmpty();
  }

  /** Given up: recorded with the job finished. */
  public Future<Void> failed(ClaimedJob job, long id, String error) {
    return pool.withTransaction(conn -> conn.preparedQuery(NOT_PLACED).execute(Tuple.of(id, clip(error), "failed"))
        .compose(v -> JobQueue.finish(conn, job)));
  }

  /** The outcome of the last request is unknown: noted, the row stays 'calling' (looked up before any retry). */
  public Future<Void> unknown(long id, String error) {
    return pool.preparedQuery("UPDATE voice_alert_calls SET last_error = $2, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id, clip(error))).mapEmpty();
  }

  /** The job is finished with nothing to do (the call was placed or given up already). */
  public Future<Void> finish(ClaimedJob job) {
    return pool.withTransaction(conn -> JobQueue.finish(conn, job));
  }

  public Future<Set<String>> knownSids(AlertCall call) {
    return pool.preparedQuery(KNOWN_SIDS).execute(Tuple.of(call.accountSid(), call.to(), call.from(), call.id()))
        .map(rows -> {
          Set<String> sids = new HashSet<>();
          rows.forEach(r -> sids.add(r.getString("twilio_call_sid")));
          return sids;
        });
  }

  /** What the alert call says, for the account that placed it; empty for any other account or id. */
  public static Future<Optional<String>> twiml(SqlClient db, long id, String accountSid) {
    return db.preparedQuery(WORDS).execute(Tuple.of(id, accountSid)).map(rows -> rows.size() == 0
        ? Optional.<String>empty()
        : Optional.of(VoiceTwiml.alert(rows.iterator().next().getString("words"),
            rows.iterator().next().getString("voice_language"))));
  }

  /** The call's final status from Twilio's status callback, for the account that placed it (any other: nothing). */
  public static Future<Void> ended(SqlClient db, long id, String accountSid, String status, Integer durationSeconds) {
    return db.preparedQuery(ENDED).execute(Tuple.of(id, accountSid, status, durationSeconds)).mapEmpty();
  }

  static long alertCallId(JsonObject payload) {
    return payload.getLong("alert_call_id");
  }

  private static String clip(String error) {
    String e = String.valueOf(error);
    return e.length() > 500 ? e.substring(0, 500) : e;
  }
}

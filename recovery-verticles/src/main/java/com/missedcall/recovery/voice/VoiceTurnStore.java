package com.missedcall.recovery.voice;

import com.missedcall.recovery.calls.CallEvent;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of voice recovery: its calls ({@code voice_calls}) and turns ({@code voice_turns}, keyed by the call and
 * the turn number). A turn is written, with its conversation event, the lead's facts and any alert, in the
 * transaction that answers it; a retried turn finds its row and gets the stored TwiML. Locks: lead row, then
 * conversation, then the voice call row (as everywhere: lead before conversation).
 */
public final class VoiceTurnStore {
  static final String CHANNELS = """
      SELECT w.id, w.name, w.status, w.billing_status, p.voice_recovery, p.ai_replies, w.ai_enabled, w.voice_enabled,
             w.voice_fallback, w.voice_recording_enabled, w.voice_language, w.voice_alert_calls,
             w.caller_summary_enabled, w.team_summary_enabled, w.services, w.timezone, w.stale_after_seconds,
             w.ai_allow_prices, w.ai_allow_discounts, w.ai_allow_arrival_times
        FROM workspaces w JOIN plans p ON p.code = w.plan_code WHERE w.id = $1""";
  /** Verified: a call to this number was decided before, so its voice webhooks reach the gateway. */
  static final String VERIFIED = """
      SELECT EXISTS (SELECT 1 FROM calls c
                      WHERE c.called = $2 AND c.workspace_id = $1 AND c.decision <> 'pending'
                        AND c.call_sid <> $3) AS verified""";
  static final String ENSURE_CALL = """
      INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, call_status, decision,
                         reason, received_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 'not_final', $8)
      ON CONFLICT (account_sid, call_sid) DO NOTHING""";
  static final String FIND = """
      SELECT v.*, (v.decided_at IS NOT NULL) AS is_decided FROM voice_calls v WHERE v.account_sid = $1 AND v.call_sid = $2""";
  static final String LOCK = """
      SELECT v.*, (v.decided_at IS NOT NULL) AS is_decided FROM voice_calls v WHERE v.id = $1 FOR UPDATE""";
  static final String TURN = "SELECT twiml FROM voice_turns WHERE voice_call_id = $1 AND turn = $2";
  static final String TURNS = """
      SELECT turn, caller_words, assistant_words FROM voice_turns WHERE voice_call_id = $1 ORDER BY turn""";
  static final String UPSERT_LEAD = """
      INSERT INTO leads AS l (workspace_id, caller, call_count, first_call_at, last_call_at, is_test)
      VALUES ($1, $2, 0, $3, $3,
              EXISTS (SELECT 1 FROM test_callers t WHERE t.workspace_id = $1 AND t.number = $2))
      ON CONFLICT (workspace_id, caller) DO UPDATE SET updated_at = now()
      RETURNING l.id""";
  static final String CONVERSATION = """
      SELECT abs(conversation_for_lead($1, $2, $3, $4, $5, $6, false)) AS id""";
  static final String INSERT_VOICE_CALL = """
      INSERT INTO voice_calls (workspace_id, account_sid, call_sid, caller, called, lead_id, conversation_id,
                               outcome, fallback, decided_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END)
      ON CONFLICT (account_sid, call_sid) DO NOTHING
      RETURNING id""";
  static final String INSERT_TURN = """
      INSERT INTO voice_turns (voice_call_id, turn, workspace_id, caller_words, confidence, assistant_words, source,
                               latency_ms, twiml)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
  static final String EVENT = """
      INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
      VALUES ($1, $2, $3, $4, $5)""";
  static final String AFTER_TURN = """
      UPDATE voice_calls SET step = $2, need = coalesce($3, need), address = coalesce($4, address),
                             urgency = coalesce($5, urgency), callback_time = coalesce($6, callback_time),
                             turns = turns + 1, spoken_turns = spoken_turns + $7, silent_in_a_row = $8,
                             model_failed = model_failed OR $9, urgent_alerted = urgent_alerted OR $10,
                             failure_alerted = failure_alerted OR $11, ended_reason = coalesce($12, ended_reason),
                             completed = completed OR $13
       WHERE id = $1""";
  static final String LEAD_FACTS = """
      UPDATE leads SET need = coalesce($2, need), address = coalesce($3, address), urgency = coalesce($4, urgency),
                       updated_at = now()
       WHERE id = $1""";
  static final String DECIDE = """
      UPDATE voice_calls SET outcome = $2, fallback = $3, decided_at = now() WHERE id = $1 AND decided_at IS NULL""";
  /** The call as voice recovery ended it, when no text-back decision follows (recovered, voicemail, nothing). */
  static final String CALL_SKIPPED = """
      UPDATE calls SET decision = 'skipped', reason = $3, channel = $4, voice_outcome = $5, voice_fallback = $6,
                       lead_id = coalesce(lead_id, $7), call_status = coalesce($8, call_status), decided_at = now()
       WHERE account_sid = $1 AND call_sid = $2 AND decision = 'pending'""";
  /** The voice outcome on the call, before the fallback text-back's decision records its own reason. */
  static final String CALL_FELL_BACK = """
      UPDATE calls SET voice_outcome = $3, voice_fallback = 'textback'
       WHERE account_sid = $1 AND call_sid = $2""";
  static final String LEAD_RECOVERED = """
      UPDATE leads SET call_count = call_count + 1, last_call_at = greatest(last_call_at, $2),
                       stage = CASE WHEN stage IN ('new', 'engaged') THEN 'qualified' ELSE stage END,
                       updated_at = now()
       WHERE id = $1""";
  static final String NUMBERS = "SELECT kind, phone FROM notification_numbers WHERE workspace_id = $1 ORDER BY id";
  static final String OPTED_OUT = "SELECT caller_opted_out($1, $2) AS o";
  /** A test caller's lead (test-call mode) takes nothing from the daily cap nor the usage count. */
  static final String TAKE_SMS = """
      SELECT CASE WHEN coalesce((SELECT l.is_test FROM leads l WHERE l.workspace_id = $1 AND l.caller = $2), false)
                  THEN true ELSE sms_day_take($1) END AS room""";
  static final String RECORDING = """
      UPDATE voice_calls SET recording_url = $3, recording_sid = $4
       WHERE account_sid = $1 AND call_sid = $2 AND recording_sid IS DISTINCT FROM $4
      RETURNING workspace_id, conversation_id""";
  static final String TRANSCRIPT = """
      UPDATE voice_calls SET transcript = $3
       WHERE account_sid = $1 AND call_sid = $2 AND transcript IS DISTINCT FROM $3
      RETURNING workspace_id, conversation_id""";

  /** A turn as it will be written. {@code alerts}: texts to queue with it. */
  public record TurnWrite(int turn, String callerWords, Double confidence, String assistantWords, String source,
                          long latencyMs, String twiml, VoiceStep next, VoiceFacts learned, boolean spoken,
                          int silentInARow, boolean modelFailed, String endedReason, boolean completed) {}

  /** What the begin or a turn wrote: the TwiML to answer, and texts queued with it (to wake the sender). */
  public record Answer(String twiml, boolean replayed, List<Long> jobs, boolean urgentNow) {}

  private final Pool pool;

  public VoiceTurnStore(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Optional<VoiceChannels>> channels(long workspaceId) {
    return pool.preparedQuery(CHANNELS).execute(Tuple.of(workspaceId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      String billing = r.getString("billing_status");
      return Optional.of(new VoiceChannels(r.getLong("id"), r.getString("name"), "active".equals(r.getString("status")),
          "active".equals(billing) || "trialing".equals(billing), r.getBoolean("voice_recovery"),
          r.getBoolean("ai_replies"), r.getBoolean("ai_enabled"), r.getBoolean("voice_enabled"),
          VoiceFallback.of(r.getString("voice_fallback")), r.getBoolean("voice_recording_enabled"),
          r.getString("voice_language"), r.getBoolean("voice_alert_calls"), r.getBoolean("caller_summary_enabled"),
          r.getBoolean("team_summary_enabled"), r.getString("services"), ZoneId.of(r.getString("timezone")),
          Duration.ofSeconds(r.getInteger("stale_after_seconds")), r.getBoolean("ai_allow_prices"),
          r.getBoolean("ai_allow_discounts"), r.getBoolean("ai_allow_arrival_times")));
    });
  }

  public Future<Boolean> verified(long workspaceId, String called, String callSid) {
    return pool.preparedQuery(VERIFIED).execute(Tuple.of(workspaceId, called, callSid))
        .map(rows -> rows.iterator().next().getBoolean("verified"));
  }

  public Future<Optional<VoiceCall>> find(String accountSid, String callSid) {
    return pool.preparedQuery(FIND).execute(Tuple.of(accountSid, callSid))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCall(rows.iterator().next())));
  }

  /** The stored answer of a turn already answered. */
  public Future<Optional<String>> answered(long voiceCallId, int turn) {
    return pool.preparedQuery(TURN).execute(Tuple.of(voiceCallId, turn))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("twiml")));
  }

  public Future<List<VoicePrompt.Line>> history(long voiceCallId) {
    return pool.preparedQuery(TURNS).execute(Tuple.of(voiceCallId)).map(rows -> {
      List<VoicePrompt.Line> lines = new ArrayList<>();
      rows.forEach(r -> lines.add(new VoicePrompt.Line(r.getString("caller_words"), r.getString("assistant_words"))));
      return lines;
    });
  }

  /**
   * Voice starts on a call: the call (pending), the caller's lead and conversation, the voice call and its greeting
   * (turn 0), in one transaction. A second start of the same call (a retried webhook) answers the stored greeting.
   */
  public Future<Answer> begin(TrackedLine line, CallEvent event, VoiceChannels ws, String greetingWords,
                              String greetingTwiml, long latencyMs) {
    return pool.withTransaction(conn -> ensureCall(conn, line, event)
        .compose(v -> existing(conn, event))
        .compose(found -> {
          if (found.isPresent()) {
            return replay(conn, found.get().id(), 0, greetingTwiml);
          }
          return conn.preparedQuery(UPSERT_LEAD)
              .execute(Tuple.of(line.workspaceId(), event.from(), utc(event)))
              .map(rows -> rows.iterator().next().getLong("id"))
              .compose(leadId -> conn.preparedQuery(CONVERSATION)
                  .execute(Tuple.of(line.workspaceId(), leadId, event.accountSid(), event.to(), event.from(),
                      (int) ws.staleAfter().toSeconds()))
                  .map(rows -> new long[] {leadId, rows.iterator().next().getLong("id")}))
              .compose(ids -> conn.preparedQuery(INSERT_VOICE_CALL)
                  .execute(Tuple.tuple().addLong(line.workspaceId()).addString(event.accountSid())
                      .addString(event.callSid()).addString(event.from()).addString(event.to()).addLong(ids[0])
                      .addLong(ids[1]).addString(null).addString(null).addBoolean(false))
                  .compose(rows -> {
                    long id = rows.iterator().next().getLong("id");
                    return conn.preparedQuery(INSERT_TURN).execute(Tuple.tuple().addLong(id).addInteger(0)
                            .addLong(line.workspaceId()).addString(null).addValue(null).addString(greetingWords)
                            .addString("greeting").addInteger((int) latencyMs).addString(greetingTwiml))
                        .compose(v -> event(conn, line.workspaceId(), ids[1], "voice_started", null,
                            new JsonObject().put("call_sid", event.callSid())))
                        .compose(v -> event(conn, line.workspaceId(), ids[1], "voice_turn", "greeting",
                            new JsonObject().put("call_sid", event.callSid()).put("turn", 0)
                                .put("assistant", greetingWords).put("latency_ms", latencyMs)));
                  }))
              .map(v -> new Answer(greetingTwiml, false, List.of(), false));
        }));
  }

  /**
   * Voice cannot run on this call ({@code reason}): the call (pending) and a voice call with its outcome, decided
   * now. Completes with false when the call had a voice call already (a retried webhook).
   */
  public Future<Boolean> refuse(TrackedLine line, CallEvent event, VoiceOutcome reason, VoiceFallback fallback) {
    return pool.withTransaction(conn -> ensureCall(conn, line, event)
        .compose(v -> conn.preparedQuery(INSERT_VOICE_CALL).execute(Tuple.tuple().addLong(line.workspaceId())
            .addString(event.accountSid()).addString(event.callSid()).addString(event.from()).addString(event.to())
            .addLong(null).addLong(null).addString(reason.code()).addString(fallback.code()).addBoolean(true)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          return endCall(conn, event, reason, fallback, null).map(true);
        }));
  }

  /**
   * Writes one answered turn with its event, the lead's facts and {@code alerts}, unless the turn was answered
   * already (then its stored TwiML is the answer).
   */
  public Future<Answer> answer(VoiceCall call, TurnWrite w, Alerts alerts) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(call.id()))
        .compose(locked -> replayIfAnswered(conn, call.id(), w.turn()))
        .compose(stored -> {
          if (stored.isPresent()) {
            return Future.succeededFuture(new Answer(stored.get(), true, List.<Long>of(), false));
          }
          VoiceFacts facts = call.facts().with(w.learned());
          boolean urgentNow = facts.emergency() && !call.urgentAlerted();
          boolean failureNow = w.modelFailed() && !call.failureAlerted();
          List<Long> jobs = new ArrayList<>();
          return conn.preparedQuery(INSERT_TURN).execute(Tuple.tuple().addLong(call.id()).addInteger(w.turn())
                  .addLong(call.workspaceId()).addString(w.callerWords())
                  .addValue(w.confidence() == null ? null : w.confidence().floatValue())
                  .addString(w.assistantWords()).addString(w.source()).addInteger((int) w.latencyMs())
                  .addString(w.twiml()))
              .compose(v -> conn.preparedQuery(AFTER_TURN).execute(Tuple.tuple().addLong(call.id())
                  .addString(w.next().code()).addString(w.learned().need()).addString(w.learned().address())
                  .addString(w.learned().urgency()).addString(w.learned().callbackTime())
                  .addInteger(w.spoken() ? 1 : 0).addInteger(w.silentInARow()).addBoolean(w.modelFailed())
                  .addBoolean(urgentNow).addBoolean(failureNow).addString(w.endedReason())
                  .addBoolean(w.completed())))
              .compose(v -> call.leadId() == null ? Future.succeededFuture()
                  : conn.preparedQuery(LEAD_FACTS).execute(Tuple.of(call.leadId(), w.learned().need(),
                      w.learned().address(), w.learned().urgency())).mapEmpty())
              .compose(v -> event(conn, call.workspaceId(), call.conversationId(), "voice_turn", w.source(),
                  new JsonObject().put("call_sid", call.callSid()).put("turn", w.turn())
                      .put("caller", w.callerWords()).put("assistant", w.assistantWords())
                      .put("confidence", w.confidence()).put("latency_ms", w.latencyMs())))
              .compose(v -> urgentNow ? alerts.urgent(conn, call, facts).map(jobs::addAll) : Future.succeededFuture())
              .compose(v -> failureNow ? alerts.failure(conn, call).map(jobs::addAll) : Future.succeededFuture())
              .map(v -> new Answer(w.twiml(), false, jobs, urgentNow));
        }));
  }

  /** What the call's end decided, once. {@code decidedNow}: this request decided it (count it, run the fallback). */
  public record Ending(VoiceCall call, VoiceOutcome outcome, VoiceFallback fallback, boolean decidedNow,
                       List<Long> jobs) {}

  /**
   * The call's final status: decides the voice outcome exactly once (under the voice call's row lock). Recovered:
   * the call is recorded skipped ({@code voice_recovered}, channel voice), the lead counted and qualified, the
   * summaries queued. A fallback to voicemail or nothing: the call is recorded skipped with the voice reason. A
   * fallback to the text-back: the voice outcome is written on the call and the caller runs the text-back decision.
   */
  public Future<Ending> end(long voiceCallId, CallEvent event, VoiceFallback configured, Summaries summaries) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(voiceCallId)).compose(rows -> {
      VoiceCall call = toCall(rows.iterator().next());
      if (call.decided()) {
        VoiceOutcome outcome = VoiceOutcome.ofCode(call.outcome());
        return Future.succeededFuture(new Ending(call, outcome,
            call.fallback() == null ? VoiceFallback.NONE : VoiceFallback.of(call.fallback()), false, List.of()));
      }
      VoiceOutcome outcome = call.outcomeAtEnd();
      VoiceFallback fallback = outcome.recovered() ? VoiceFallback.NONE : configured;
      List<Long> jobs = new ArrayList<>();
      Future<Void> written = conn.preparedQuery(DECIDE)
          .execute(Tuple.of(call.id(), outcome.code(), outcome.recovered() ? null : fallback.code())).mapEmpty();
      if (outcome.recovered()) {
        written = written
            .compose(v -> endCall(conn, event, outcome, fallback, call.leadId()))
            .compose(v -> conn.preparedQuery(LEAD_RECOVERED).execute(Tuple.of(call.leadId(), utc(event))).mapEmpty())
            .compose(v -> event(conn, call.workspaceId(), call.conversationId(), "voice_recovered", null,
                new JsonObject().put("call_sid", call.callSid())))
            .compose(v -> summaries.queue(conn, call).map(ids -> {
              jobs.addAll(ids);
              return null;
            }));
      } else {
        written = written
            .compose(v -> call.conversationId() == null ? Future.succeededFuture()
                : event(conn, call.workspaceId(), call.conversationId(), "voice_fell_back", outcome.code(),
                    new JsonObject().put("call_sid", call.callSid()).put("fallback", fallback.code())))
            .compose(v -> endCall(conn, event, outcome, fallback, call.leadId()));
      }
      return written.map(v -> new Ending(call, outcome, fallback, true, jobs));
    }));
  }

  /** The call's row, once voice recovery decided it: skipped with the voice reason, or left to the text-back. */
  private Future<Void> endCall(SqlConnection conn, CallEvent event, VoiceOutcome outcome, VoiceFallback fallback,
                               Long leadId) {
    if (!outcome.recovered() && fallback == VoiceFallback.TEXTBACK) {
      return conn.preparedQuery(CALL_FELL_BACK).execute(Tuple.of(event.accountSid(), event.callSid(), outcome.code()))
          .mapEmpty();
    }
    String channel = outcome.recovered() ? "voice" : fallback == VoiceFallback.VOICEMAIL ? "voicemail" : null;
    return conn.preparedQuery(CALL_SKIPPED).execute(Tuple.tuple().addString(event.accountSid())
            .addString(event.callSid()).addString(outcome.code()).addString(channel).addString(outcome.code())
            .addString(outcome.recovered() ? null : fallback.code()).addLong(leadId)
            .addString(event.route() == com.missedcall.recovery.calls.CallRoute.STATUS ? event.callStatus() : null))
        .mapEmpty();
  }

  /** The voicemail's recording landed: on the voice call and, as an event, on the lead's conversation. */
  public Future<Void> recording(String accountSid, String callSid, String url, String sid) {
    return pool.withTransaction(conn -> conn.preparedQuery(RECORDING).execute(Tuple.of(accountSid, callSid, url, sid))
        .compose(rows -> rows.size() == 0 || rows.iterator().next().getLong("conversation_id") == null
            ? Future.succeededFuture()
            : event(conn, rows.iterator().next().getLong("workspace_id"), rows.iterator().next().getLong("conversation_id"),
                "voicemail", null, new JsonObject().put("call_sid", callSid).put("recording_url", url)
                    .put("recording_sid", sid))));
  }

  public Future<Void> transcription(String accountSid, String callSid, String text) {
    return pool.withTransaction(conn -> conn.preparedQuery(TRANSCRIPT).execute(Tuple.of(accountSid, callSid, text))
        .compose(rows -> rows.size() == 0 || rows.iterator().next().getLong("conversation_id") == null
            ? Future.succeededFuture()
            : event(conn, rows.iterator().next().getLong("workspace_id"), rows.iterator().next().getLong("conversation_id"),
                "voicemail_transcribed", null, new JsonObject().put("call_sid", callSid).put("transcript", text))));
  }

  /** The workspace's notification numbers by kind. */
  public static Future<Map<String, List<String>>> numbers(SqlConnection conn, long workspaceId) {
    return conn.preparedQuery(NUMBERS).execute(Tuple.of(workspaceId)).map(rows -> {
      Map<String, List<String>> byKind = new java.util.LinkedHashMap<>();
      rows.forEach(r -> byKind.computeIfAbsent(r.getString("kind"), k -> new ArrayList<>()).add(r.getString("phone")));
      return byKind;
    });
  }

  /** Whether a text to this caller may be queued: not opted out, and room under the daily cap (counted). */
  public static Future<Boolean> mayTextCaller(SqlConnection conn, long workspaceId, String caller) {
    return conn.preparedQuery(OPTED_OUT).execute(Tuple.of(workspaceId, caller))
        .compose(rows -> rows.iterator().next().getBoolean("o") ? Future.succeededFuture(false)
            : conn.preparedQuery(TAKE_SMS).execute(Tuple.of(workspaceId, caller))
                .map(r -> Boolean.TRUE.equals(r.iterator().next().getBoolean("room"))));
  }

  public static Future<List<Long>> queue(SqlConnection conn, List<OutboundSms> texts) {
    return SmsQueue.queueAll(conn, texts);
  }

  public static Future<Void> event(SqlConnection conn, long workspaceId, Long conversationId, String kind,
                                   String reason, JsonObject detail) {
    if (conversationId == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(EVENT).execute(Tuple.of(workspaceId, conversationId, kind, reason, detail)).mapEmpty();
  }

  /** Texts voice recovery sends within a turn's transaction: the urgent alert and the failure alert. */
  public interface Alerts {
    Future<List<Long>> urgent(SqlConnection conn, VoiceCall call, VoiceFacts facts);

    Future<List<Long>> failure(SqlConnection conn, VoiceCall call);
  }

  /** The summaries after a voice recovery, queued in the transaction that decides it. */
  public interface Summaries {
    Future<List<Long>> queue(SqlConnection conn, VoiceCall call);
  }

  private Future<Void> ensureCall(SqlConnection conn, TrackedLine line, CallEvent event) {
    return conn.preparedQuery(ENSURE_CALL).execute(Tuple.tuple().addLong(line.workspaceId())
        .addString(event.accountSid()).addString(event.callSid()).addString(event.from() == null ? "" : event.from())
        .addString(event.to()).addString(line.routingMode().code())
        .addString(event.dialCallStatus() != null ? event.dialCallStatus() : event.callStatus())
        .addValue(utc(event))).mapEmpty();
  }

  private Future<Optional<VoiceCall>> existing(SqlConnection conn, CallEvent event) {
    return conn.preparedQuery(FIND).execute(Tuple.of(event.accountSid(), event.callSid()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCall(rows.iterator().next())));
  }

  private Future<Answer> replay(SqlConnection conn, long voiceCallId, int turn, String fallbackTwiml) {
    return replayIfAnswered(conn, voiceCallId, turn)
        .map(stored -> new Answer(stored.orElse(fallbackTwiml), true, List.of(), false));
  }

  private Future<Optional<String>> replayIfAnswered(SqlConnection conn, long voiceCallId, int turn) {
    return conn.preparedQuery(TURN).execute(Tuple.of(voiceCallId, turn))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("twiml")));
  }

  private static OffsetDateTime utc(CallEvent event) {
    return OffsetDateTime.ofInstant(event.receivedAt(), ZoneOffset.UTC);
  }

  static VoiceCall toCall(Row r) {
    return new VoiceCall(r.getLong("id"), r.getLong("workspace_id"), r.getString("account_sid"),
        r.getString("call_sid"), r.getString("caller"), r.getString("called"), r.getLong("lead_id"),
        r.getLong("conversation_id"), VoiceStep.of(r.getString("step")),
        new VoiceFacts(r.getString("need"), r.getString("address"), r.getString("urgency"),
            r.getString("callback_time")),
        r.getInteger("turns"), r.getInteger("spoken_turns"), r.getInteger("silent_in_a_row"),
        r.getBoolean("model_failed"), r.getBoolean("urgent_alerted"), r.getBoolean("failure_alerted"),
        r.getString("ended_reason"), r.getBoolean("completed"), r.getString("outcome"), r.getString("fallback"),
        r.getBoolean("is_decided"));
  }
}

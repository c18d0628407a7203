package com.missedcall.recovery.conversations;

import com.missedcall.recovery.callback.CallbackRequest;
import com.missedcall.recovery.hours.StoredHours;
import com.missedcall.recovery.jobs.JobQueue;
import com.missedcall.recovery.workspace.TrackedLine;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of the conversation aggregate: conversations, their events and their pending work, the inbound text
 * that starts or continues one, and consent. The lead's facts ({@link #leads()}), the team's numbers
 * ({@link #team()}) and the thread's messages ({@link #thread()}) have stores of their own. Locks are always taken
 * in the order lead row, conversation row, usage counters, jobs.
 */
public final class ConversationStore {
  static final String RECEIVE = """
      SELECT outcome, message_id, lead_id, conversation_id, job_ids
        FROM inbound_sms_receive($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
  static final String CONTEXT = """
      SELECT c.id, c.workspace_id, c.lead_id, c.account_sid, c.business_number, c.caller, c.status, c.ai_enabled,
             c.ai_turns, c.staff_takeover, c.model_failure_alerted, c.team_summary_sent, c.intake_step,
             c.last_inbound_at, c.last_outbound_at, c.last_activity_at,
             w.name, w.status AS workspace_status, w.billing_status, w.timezone, p.textback AS plan_textback,
             p.ai_replies AS plan_ai, w.ai_enabled AS workspace_ai, w.ai_turn_limit, w.ai_persona, w.services,
             w.business_hours, w.service_area, w.booking_link,
             coalesce(w.contact_phone, (SELECT n.business_phone FROM tracked_numbers n
                                         WHERE n.phone_number = c.business_number AND n.active)) AS contact_phone,
             w.ai_allow_prices, w.ai_allow_discounts, w.ai_allow_arrival_times, w.followup_enabled,
             w.followup_delay_seconds, w.oncall_delay_seconds, w.stale_after_seconds, w.team_summary_enabled,
             w.caller_summary_enabled,
             l.need, l.address, l.urgency, l.last_call_at,
             caller_opted_out(c.workspace_id, c.caller) AS opted_out,
             now() AS db_now, h.weekly AS hours_weekly, h.closures AS hours_closures
        FROM conversations c
        JOIN workspaces w ON w.id = c.workspace_id
        JOIN plans p ON p.code = w.plan_code
        JOIN leads l ON l.id = c.lead_id
        LEFT JOIN workspace_hours h ON h.workspace_id = c.workspace_id
       WHERE c.id = $1""";
  /** The job that confirms a free-text revocation to the caller (a conversation job, like the HELP answer). */
  public static final String OPTOUT_CONFIRM = "optout_confirm";
  static final String LOCK_CONSENT = """
      SELECT pg_advisory_xact_lock(hashtextextended('consent:' || $1::bigint::text || ':' || $2::text, 0))""";
  static final String OPTED_OUT = """
      SELECT caller_opted_out($1, $2) AS opted_out""";
  static final String LEAD_OF = "SELECT lead_id FROM conversations WHERE id = $1 AND workspace_id = $2";
  static final String EVENT = """
      INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
      VALUES ($1, $2, $3, $4, $5)""";
  /** A test lead's texts (V60 test callers) take nothing from the cap nor the usage count. */
  static final String TAKE_SMS = """
      SELECT CASE WHEN coalesce((SELECT l.is_test FROM leads l WHERE l.id = $2), false) THEN true
                  ELSE sms_day_take($1) END AS room""";
  static final String CANCEL = """
      UPDATE jobs SET status = 'cancelled', updated_at = now()
       WHERE conversation_id = $1 AND status = 'pending' AND kind = ANY($2::text[])""";
  static final String CLOSE = "SELECT conversation_close($1, $2) AS closed";
  static final String AFTER_REPLY = """
      UPDATE conversations SET ai_turns = ai_turns + $2, intake_step = $3, last_activity_at = now(),
                               model_failure_alerted = model_failure_alerted OR $4,
                               team_summary_sent = team_summary_sent OR $5
       WHERE id = $1""";
  static final String TEAM_SUMMARY_SENT = "UPDATE conversations SET team_summary_sent = true WHERE id = $1";
  static final String TAKEOVER = """
      UPDATE conversations SET staff_takeover = $2, last_activity_at = now() WHERE id = $1 AND status = 'open'""";
  static final String REOPEN = """
      UPDATE conversations SET status = 'open', closed_at = NULL, close_reason = NULL, last_activity_at = now()
       WHERE id = $1 AND status = 'closed'""";
  static final String OTHER_OPEN = """
      SELECT id FROM conversations WHERE lead_id = $1 AND status = 'open' AND id <> $2""";
  static final String SET_AI = """
      UPDATE conversations SET ai_enabled = $3 WHERE id = $1 AND workspace_id = $2 RETURNING id""";
  static final String FOR_LEAD = """
      SELECT abs(conversation_for_lead($1, $2, $3, $4, $5, w.stale_after_seconds, false)) AS id
        FROM workspaces w WHERE w.id = $1""";

  private final Pool pool;
  private final LeadFactsStore leads = new LeadFactsStore();
  private final TeamDirectory team = new TeamDirectory();
  private final ThreadStore thread = new ThreadStore();

  public ConversationStore(Pool pool) {
    this.pool = pool;
  }

  /** The SQL of the conversations' leads: what they told us, their lock, the line to text them on. */
  public LeadFactsStore leads() {
    return leads;
  }

  /** The SQL of the business's own people: notification numbers and the contact a HELP answer gives. */
  public TeamDirectory team() {
    return team;
  }

  /** The SQL of a conversation's messages as the workers read them. */
  public ThreadStore thread() {
    return thread;
  }

  public Pool pool() {
    return pool;
  }

  public Future<InboundResult> receive(TrackedLine line, InboundSms sms, Optional<OptOutKeywords.Match> keyword) {
    Tuple args = Tuple.of(line.workspaceId(), line.accountSid(), line.phoneNumber(), sms.from(), sms.body(),
            sms.messageSid(), sms.segments())
        .addValue(keyword.map(OptOutKeywords.Match::code).orElse(null))
        .addValue(keyword.map(OptOutKeywords.Match::source).orElse(null));
    if (keyword.isPresent() && keyword.get().needsOwnConfirmation()) {
      return pool.withTransaction(conn -> receiveRevocation(conn, line, sms, args));
    }
    return pool.preparedQuery(RECEIVE).execute(args).map(ConversationStore::toInboundResult);
  }

  /**
   * A free-text revocation: carriers and Twilio do not recognise it, so the gateway confirms it itself, once
   * (not when the caller had already opted out). The caller's lock serialises two revocations sent at once.
   */
  private Future<InboundResult> receiveRevocation(SqlClient conn, TrackedLine line, InboundSms sms, Tuple args) {
    Tuple caller = Tuple.of(line.workspaceId(), sms.from());
    return conn.preparedQuery(LOCK_CONSENT).execute(caller)
        .compose(v -> conn.preparedQuery(OPTED_OUT).execute(caller))
        .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("opted_out")))
        .compose(already -> conn.preparedQuery(RECEIVE).execute(args).map(ConversationStore::toInboundResult)
            .compose(result -> already || !"opted_out".equals(result.outcome())
                ? Future.succeededFuture(result)
                : JobQueue.insert(conn, line.workspaceId(), OPTOUT_CONFIRM, result.conversationId(),
                        new JsonObject().put("message_id", result.messageId()).put("account_sid", line.accountSid())
                            .put("business_number", line.phoneNumber()).put("caller", sms.from()), null)
                    .map(job -> {
                      List<Long> jobs = new ArrayList<>(result.jobIds());
                      jobs.add(job);
                      return new InboundResult(result.outcome(), result.messageId(), result.leadId(),
                          result.conversationId(), jobs);
                    })));
  }

  private static InboundResult toInboundResult(RowSet<Row> rows) {
    Row r = rows.iterator().next();
    Long[] jobs = r.getArrayOfLongs("job_ids");
    return new InboundResult(r.getString("outcome"), r.getLong("message_id"), r.getLong("lead_id"),
        r.getLong("conversation_id"), jobs == null ? List.of() : Arrays.asList(jobs));
  }

  public Future<Optional<ConversationContext>> context(SqlClient conn, long conversationId) {
    return conn.preparedQuery(CONTEXT).execute(Tuple.of(conversationId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toContext(rows.iterator().next())));
  }

  /**
   * Locks the lead row and then the conversation row (the order every writer uses) and reads the
   * conversation again: what a worker decided before may have changed while it was thinking.
   */
  public Future<Optional<ConversationContext>> lock(SqlClient conn, long leadId, long conversationId) {
    return conn.preparedQuery(LeadFactsStore.LOCK_LEAD).execute(Tuple.of(leadId))
        .compose(v -> conn.preparedQuery(CONTEXT + " FOR UPDATE OF c").execute(Tuple.of(conversationId)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toContext(rows.iterator().next())));
  }

  /** The lead of a conversation of this workspace, if there is one. */
  public Future<Optional<Long>> leadOf(SqlClient conn, long workspaceId, long conversationId) {
    return conn.preparedQuery(LEAD_OF).execute(Tuple.of(conversationId, workspaceId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("lead_id")));
  }



  public Future<Void> event(SqlClient conn, ConversationContext ctx, String kind, String reason, JsonObject detail) {
    return event(conn, ctx.workspaceId(), ctx.id(), kind, reason, detail);
  }

  public Future<Void> event(SqlClient conn, long workspaceId, long conversationId, String kind, String reason,
                            JsonObject detail) {
    return conn.preparedQuery(EVENT)
        .execute(Tuple.of(workspaceId, conversationId, kind, reason, detail == null ? new JsonObject() : detail))
        .mapEmpty();
  }


  /**
   * One more text to the lead under the workspace's daily SMS cap: false when there is no room left today.
   * A test lead's text is always room and counts nothing.
   */
  public Future<Boolean> takeSms(SqlClient conn, long workspaceId, long leadId) {
    return conn.preparedQuery(TAKE_SMS).execute(Tuple.of(workspaceId, leadId))
        .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("room")));
  }

  public Future<Void> cancelPending(SqlClient conn, long conversationId, String... kinds) {
    return conn.preparedQuery(CANCEL).execute(Tuple.of(conversationId, (Object) kinds)).mapEmpty();
  }

  /** Closes the conversation and cancels its pending work; false when it was not open. */
  public Future<Boolean> close(SqlClient conn, long conversationId, String reason) {
    return conn.preparedQuery(CLOSE).execute(Tuple.of(conversationId, reason))
        .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("closed")));
  }

  public Future<Void> afterReply(SqlClient conn, long conversationId, int turns, IntakeStep step,
                                 boolean modelFailureAlerted, boolean teamSummarySent) {
    return conn.preparedQuery(AFTER_REPLY)
        .execute(Tuple.of(conversationId, turns, step.code(), modelFailureAlerted, teamSummarySent)).mapEmpty();
  }




  public Future<Void> teamSummarySent(SqlClient conn, long conversationId) {
    return conn.preparedQuery(TEAM_SUMMARY_SENT).execute(Tuple.of(conversationId)).mapEmpty();
  }

  /** Sets or lifts staff takeover on an open conversation; false when it is not open. */
  public Future<Boolean> takeover(SqlClient conn, long conversationId, boolean on) {
    return conn.preparedQuery(TAKEOVER).execute(Tuple.of(conversationId, on)).map(rows -> rows.rowCount() > 0);
  }

  /** Opens a closed conversation again (the lead row must be locked); false when it was not closed. */
  public Future<Boolean> reopen(SqlClient conn, long conversationId) {
    return conn.preparedQuery(REOPEN).execute(Tuple.of(conversationId)).map(rows -> rows.rowCount() > 0);
  }

  /** Whether the lead has an open conversation other than {@code conversationId} (the lead row must be locked). */
  public Future<Boolean> hasOtherOpen(SqlClient conn, long leadId, long conversationId) {
    return conn.preparedQuery(OTHER_OPEN).execute(Tuple.of(leadId, conversationId)).map(rows -> rows.size() > 0);
  }

  public Future<Boolean> setAi(SqlClient conn, long workspaceId, long conversationId, boolean enabled) {
    return conn.preparedQuery(SET_AI).execute(Tuple.of(conversationId, workspaceId, enabled))
        .map(rows -> rows.size() > 0);
  }



  /** The lead's open conversation, opened now if needed (the lead row must be locked). */
  public Future<Long> conversationFor(SqlClient conn, long workspaceId, long leadId, String accountSid,
                                      String businessNumber, String caller) {
    return conn.preparedQuery(FOR_LEAD).execute(Tuple.of(workspaceId, leadId, accountSid, businessNumber, caller))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  private static ConversationContext toContext(Row r) {
    ZoneId zone = ZoneId.of(r.getString("timezone"));
    WorkspaceProfile profile = new WorkspaceProfile(r.getString("name"), "active".equals(r.getString("workspace_status")),
        isBillingActive(r.getString("billing_status")), zone,
        new WorkspaceProfile.AiPolicy(r.getBoolean("plan_ai"), r.getBoolean("workspace_ai"), r.getInteger("ai_turn_limit"),
            r.getString("ai_persona"), r.getBoolean("ai_allow_prices"), r.getBoolean("ai_allow_discounts"),
            r.getBoolean("ai_allow_arrival_times")),
        new WorkspaceProfile.BusinessFacts(r.getString("services"), r.getString("business_hours"),
            r.getString("service_area"), r.getString("booking_link"), r.getString("contact_phone"),
            StoredHours.read(zone, r.getValue("hours_weekly"), r.getValue("hours_closures"))),
        new WorkspaceProfile.Channels(r.getBoolean("plan_textback"), r.getBoolean("followup_enabled"),
            Duration.ofSeconds(r.getInteger("followup_delay_seconds")),
            Duration.ofSeconds(r.getInteger("oncall_delay_seconds")),
            Duration.ofSeconds(r.getInteger("stale_after_seconds")), r.getBoolean("team_summary_enabled"),
            r.getBoolean("caller_summary_enabled")));
    ConversationContext.State state = new ConversationContext.State("open".equals(r.getString("status")),
        r.getBoolean("ai_enabled"), r.getInteger("ai_turns"), r.getBoolean("staff_takeover"),
        r.getBoolean("model_failure_alerted"), r.getBoolean("team_summary_sent"), IntakeStep.of(r.getString("intake_step")),
        instant(r.getOffsetDateTime("last_inbound_at")), instant(r.getOffsetDateTime("last_outbound_at")),
        instant(r.getOffsetDateTime("last_activity_at")));
    ConversationContext.LeadFacts lead = new ConversationContext.LeadFacts(r.getString("need"), r.getString("address"),
        r.getString("urgency"), instant(r.getOffsetDateTime("last_call_at")));
    return new ConversationContext(r.getLong("id"), r.getLong("workspace_id"), r.getLong("lead_id"),
        r.getString("account_sid"), r.getString("business_number"), r.getString("caller"), state, profile, lead,
        Boolean.TRUE.equals(r.getBoolean("opted_out")), instant(r.getOffsetDateTime("db_now")));
  }

  static boolean isBillingActive(String status) {
    return "active".equals(status) || "trialing".equals(status);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}

package com.missedcall.recovery.sms;

import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.conversations.TeamNotifications;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a carrier outcome ({@link CarrierVerdict}) changes beyond the message, the same whether Twilio
 * reported it on the create request or on the delivery status callback: an unsubscribed recipient is opted
 * out of the workspace, an unreachable number is remembered for every workspace, a blocked sender pauses the
 * workspace's non-reply sending (alerting its team once), and a text-back it kept from its caller gives its
 * call the matching reason instead of {@code texted}. Every effect is idempotent, so a callback retried after
 * a failure (or repeated by Twilio) applies them again harmlessly.
 */
public final class CarrierOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(CarrierOutcomes.class);

  /** The consent event is written only with a new opt-out: a repeated 21610 adds no second event. */
  static final String OPT_OUT = """
      WITH o AS (INSERT INTO opt_outs (workspace_id, phone, source, evidence) VALUES ($1, $2, 'twilio_21610', $3)
                 ON CONFLICT (workspace_id, phone) DO NOTHING RETURNING workspace_id, phone)
      INSERT INTO consent_events (workspace_id, phone, action, source, words)
      SELECT workspace_id, phone, 'opt_out', 'twilio_21610', $3 FROM o""";
  static final String UNREACHABLE = """
      INSERT INTO unreachable_numbers (phone, error_code) VALUES ($1, $2)
      ON CONFLICT (phone) DO UPDATE SET error_code = EXCLUDED.error_code, noted_at = now()""";
  /** Only the first blocked text pauses (and alerts): a paused workspace stays paused with its first code. */
  static final String PAUSE = """
      UPDATE workspaces SET sending_paused_at = now(), sending_paused_code = $2, updated_at = now()
       WHERE id = $1 AND sending_paused_at IS NULL
      RETURNING name""";
  /** The call of a text-back that never reached its caller: not texted after all, and why. */
  static final String SUPPRESS_TEXTBACK = """
      UPDATE calls c SET decision = 'skipped', reason = $2
        FROM messages m
       WHERE m.id = $1 AND m.kind = 'textback' AND c.id = m.call_id
         AND c.decision = 'texted'""";

  /** What applying an outcome did: the team alerts it queued, and the code it paused the workspace with. */
  private record Applied(List<Long> alerts, Integer pausedCode) {
    static final Applied NOTHING = new Applied(List.of(), null);
  }

  /** One outcome on one outbound text. */
  record Outcome(CarrierVerdict verdict, int code, long workspaceId, Long messageId, String accountSid, String from,
                 String to, String evidence) {}

  private final Pool pool;
  private final TeamNotifications team;
  private final RecoveryMetrics metrics;
  private final EventBus bus;

  public CarrierOutcomes(Pool pool, TeamNotifications team, RecoveryMetrics metrics, EventBus bus) {
    this.pool = pool;
    this.team = team;
    this.metrics = metrics;
    this.bus = bus;
  }

  /**
   * A delivery status callback with an error code, for a message the callback's account owns
   * ({@code accountSid}). Completes once the effects are committed.
   */
  public Future<Void> afterCallback(MessageStatusStore.Recorded message, int code, String accountSid) {
    CarrierVerdict verdict = CarrierVerdict.of(code);
    if (verdict == CarrierVerdict.NONE || message.workspaceId() == null) {
      return Future.succeededFuture();
    }
    Outcome outcome = new Outcome(verdict, code, message.workspaceId(), message.messageId(), accountSid, message.from(),
        message.to(), "Twilio error " + code + " on the delivery status callback");
    return pool.withTransaction(conn -> apply(conn, outcome)).map(applied -> committed(outcome, applied));
  }

  /** Twilio refused a create with {@code code}: the job fails and the outcome's effects apply, in one transaction. */
  public Future<Void> failJob(ClaimedSms job, int code, String twilioMessage) {
    String error = SmsOutbox.lastError(twilioMessage);
    Outcome outcome = new Outcome(CarrierVerdict.of(code), code, job.workspaceId(), job.messageId(), job.accountSid(),
        job.from(), job.to(), "Twilio error " + code + ": " + error);
    return pool.withTransaction(conn -> SmsOutbox.failOn(conn, job, code, error)
            .compose(v -> apply(conn, outcome)))
        .map(applied -> committed(outcome, applied));
  }

  /**
   * A non-reply text of a workspace whose sending is paused, claimed: cancelled, never sent; a text-back's
   * call records {@code sending_paused}.
   */
  public Future<Void> cancelPaused(ClaimedSms job) {
    return pool.withTransaction(conn -> SmsOutbox.cancelOn(conn, job, "sending is paused for the workspace")
        .compose(v -> conn.preparedQuery(SUPPRESS_TEXTBACK)
            .execute(Tuple.of(job.messageId(), DecisionReason.SENDING_PAUSED.code())))
        .mapEmpty());
  }

  private Future<Applied> apply(SqlConnection conn, Outcome o) {
    Future<Applied> effect = switch (o.verdict()) {
      case RECIPIENT_OPTED_OUT -> conn.preparedQuery(OPT_OUT).execute(Tuple.of(o.workspaceId(), o.to(), o.evidence()))
          .map(Applied.NOTHING);
      case RECIPIENT_UNREACHABLE -> conn.preparedQuery(UNREACHABLE).execute(Tuple.of(o.to(), o.code()))
          .map(Applied.NOTHING);
      case SENDER_BLOCKED -> pause(conn, o);
      case NONE -> Future.succeededFuture(Applied.NOTHING);
    };
    if (o.verdict() == CarrierVerdict.NONE || o.messageId() == null) {
      return effect;
    }
    return effect.compose(applied -> conn.preparedQuery(SUPPRESS_TEXTBACK)
        .execute(Tuple.of(o.messageId(), o.verdict().suppressedReason().code())).map(applied));
  }

  private Future<Applied> pause(SqlConnection conn, Outcome o) {
    return conn.preparedQuery(PAUSE).execute(Tuple.of(o.workspaceId(), o.code())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Applied.NOTHING);
      }
      String business = rows.iterator().next().getString("name");
      return team.sendingPaused(conn, o.workspaceId(), business, o.accountSid(), o.from(), o.code())
          .map(alerts -> new Applied(alerts, o.code()));
    });
  }

  /** Committed: the pause is counted and logged once, and a sender is woken for the alerts. */
  private Void committed(Outcome o, Applied applied) {
    if (applied.pausedCode() != null) {
      metrics.sendingPaused(applied.pausedCode());
      LOG.atError().addKeyValue("workspace", o.workspaceId()).addKeyValue("code", applied.pausedCode())
          .addKeyValue("from", CallerNumber.mask(o.from())).addKeyValue("alerts", applied.alerts().size())
          .log("carriers blocked the workspace's texts: its sending to callers is paused until an operator resumes it");
    }
    applied.alerts().forEach(id -> bus.send(Addresses.SMS_JOB_READY, id));
    return null;
  }
}

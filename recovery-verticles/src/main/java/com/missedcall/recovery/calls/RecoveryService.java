package com.missedcall.recovery.calls;

import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.copy.CallerFacts;
import com.missedcall.recovery.fastpath.Admission;
import com.missedcall.recovery.fastpath.CallKeys;
import com.missedcall.recovery.fastpath.FastPath;
import com.missedcall.recovery.fastpath.FastPathVerdict;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.ClaimedSms;
import com.missedcall.recovery.sms.TextBack;
import com.missedcall.recovery.work.HandOff;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The missed-call decision: classify the event, ask the Redis fast path, let Postgres take the final
 * decision in one transaction, then settle the fast path (release what was not used, remember the
 * CallSid) and wake a sender. The returned Future completes only once the decision is durable.
 */
public final class RecoveryService {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);

  private final CallDecisionStore store;
  private final FastPath fastPath;
  private final RecoveryMetrics metrics;
  private final EventBus bus;
  private final String keyPrefix;
  private final Duration doneTtl;
  private final Duration sendAllowance;
  private final BooleanSupplier senderHasRoom;
  private final TextBackWriter writer;
  private final PendingCalls pending;

  /**
   * @param sendAllowance how long before the end of its lease a text-back handed over claimed may no longer
   *                      be sent here: the longest a send may take (the Twilio timeout) and a margin, so a
   *                      send never overlaps a sweeper's takeover
   * @param senderHasRoom whether this process's sender can take another text-back soon (always true in a
   *                      process without one)
   * @param writer        writes the text-back's copy for the moment and the caller
   */
  public RecoveryService(CallDecisionStore store, FastPath fastPath, RecoveryMetrics metrics, EventBus bus,
                         String keyPrefix, Duration doneTtl, Duration sendAllowance,
                         BooleanSupplier senderHasRoom, TextBackWriter writer) {
    this(store, fastPath, metrics, bus, keyPrefix, doneTtl, sendAllowance, senderHasRoom, writer, null);
  }

  /**
   * @param pending where incoming calls wait to be recorded 'pending' off the critical path (null: each is
   *                recorded at once, through the decisions' batcher, before its webhook is answered)
   */
  public RecoveryService(CallDecisionStore store, FastPath fastPath, RecoveryMetrics metrics, EventBus bus,
                         String keyPrefix, Duration doneTtl, Duration sendAllowance,
                         BooleanSupplier senderHasRoom, TextBackWriter writer, PendingCalls pending) {
    this.store = store;
    this.fastPath = fastPath;
    this.metrics = metrics;
    this.bus = bus;
    this.keyPrefix = keyPrefix;
    this.doneTtl = doneTtl;
    this.sendAllowance = sendAllowance;
    this.senderHasRoom = senderHasRoom;
    this.writer = writer;
    this.pending = pending;
  }

  public Future<Decision> handle(TrackedLine line, CallEvent event) {
    return decide(line, event, CallClassifier.classify(event, line.routingMode()));
  }

  /**
   * The decision for an event classified elsewhere: the reconciler classifies calls from Twilio's Calls
   * resource ({@link ListedCallClassifier}) and decides them through exactly the path a webhook takes.
   */
  public Future<Decision> decide(TrackedLine line, CallEvent event, CallOutcome outcome) {
    Future<Decision> decided = switch (outcome) {
      case IGNORED -> Future.succeededFuture(Decision.notRecorded(DecisionReason.NOT_FINAL));
      case PENDING -> pending == null ? record(line, event, "pending") : held(line, event);
      case ANSWERED -> record(line, event, "answered");
      case MISSED_ANONYMOUS -> record(line, event, "anonymous");
      case MISSED -> missed(line, event);
    };
    return decided.onSuccess(decision -> {
      if (pending != null && outcome != CallOutcome.PENDING && outcome != CallOutcome.IGNORED) {
        pending.decided(event.accountSid(), event.callSid());
      }
      log(line, event, outcome, decision);
    });
  }

  private Future<Decision> held(TrackedLine line, CallEvent event) {
    pending.hold(line, event);
    return Future.succeededFuture(Decision.notRecorded(DecisionReason.NOT_FINAL));
  }

  private Future<Decision> record(TrackedLine line, CallEvent event, String dbEvent) {
    return store.decide(line, event, dbEvent, "", 0).map(CallDecisionStore.Stored::decision);
  }

  private Future<Decision> missed(TrackedLine line, CallEvent event) {
    if (!store.hasRoom(line.workspaceId())) {
      metrics.shed("decision", "decision_queue_full");
      return Future.failedFuture(new Overloaded("decisions: too many webhooks waiting for the database"));
    }
    if (!senderHasRoom.getAsBoolean()) {
      // texts already owed are late: a text-back within seconds matters more than taking one more call now
      return Future.failedFuture(new Overloaded("text-backs: too many sends in flight"));
    }
    CallKeys keys = CallKeys.of(keyPrefix, line.workspaceId(), event.accountSid(), event.callSid(), event.from(),
        line.timezone(), event.receivedAt());
    Future<CallerFacts> caller = writer.caller(line, event);
    return fastPath.admit(keys, line.duplicateWindowSeconds(), line.dailySmsCap(), line.monthlyLeadCap(),
            () -> store.seeds(line.workspaceId(), keys.day(), keys.month()))
        .compose(admission -> {
          metrics.fastPath(admission.hint());
          if (admission.verdict() == FastPathVerdict.DONE) {
            return Future.succeededFuture(Decision.notRecorded(DecisionReason.DUPLICATE_WEBHOOK));
          }
          return caller.compose(facts -> decideMissed(line, event, admission, writer.write(line, event, facts)));
        });
  }

  private Future<Decision> decideMissed(TrackedLine line, CallEvent event, Admission admission,
                                        TextBackWriter.Written written) {
    TextBack text = written.text();
    return store.decide(line, event, "missed", text.body(), text.segments(), written.jobPayload())
        .andThen(stored -> {
          if (stored.succeeded()) {
            settle(admission, stored.result(), line, event, text);
          } else {
            fastPath.release(admission, true, true);
          }
        })
        .map(CallDecisionStore.Stored::decision);
  }

  /**
   * After the commit: release what Postgres did not use, remember the CallSid, hand the text-back to the
   * sender (already claimed: it is sent straight away) or wake one. Not awaited.
   */
  private void settle(Admission admission, CallDecisionStore.Stored stored, TrackedLine line, CallEvent event,
                      TextBack text) {
    Decision decision = stored.decision();
    if (decision.texted()) {
      // a test call counted nothing in Postgres: Redis gives back its window and cap slots too
      fastPath.release(admission, stored.test(), stored.test() || !stored.leadCounted());
      if (stored.claimed()) {
        bus.send(Addresses.SMS_CLAIMED, new HandOff<>(new ClaimedSms(decision.jobId(), line.workspaceId(),
            line.accountSid(), 1, Instant.now(), event.receivedAt(), "textback", stored.conversationId(),
            event.to(), event.from(), text.body(), null, false, line.timezone(), false, false, false,
            stored.claimedUntil()),
            stored.claimedUntil().minus(sendAllowance)));
      } else {
        bus.send(Addresses.SMS_JOB_READY, decision.jobId());
      }
    } else {
      fastPath.release(admission, true, true);
    }
    fastPath.markDone(admission.keys(), doneTtl);
  }

  private void log(TrackedLine line, CallEvent event, CallOutcome outcome, Decision decision) {
    metrics.decision(decision.reason().code());
    if (outcome == CallOutcome.IGNORED) {
      return; // progress callbacks are counted, not logged one by one
    }
    LOG.atInfo()
        .addKeyValue("workspace", line.workspaceId())
        .addKeyValue("callSid", event.callSid())
        .addKeyValue("caller", CallerNumber.mask(event.from()))
        .addKeyValue("route", event.route())
        .addKeyValue("outcome", outcome)
        .addKeyValue("reason", decision.reason().code())
        .addKeyValue("jobId", decision.jobId())
        .log("call decided");
  }
}

package com.missedcall.gateway.twilio;

import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.StorageUnavailable;
import com.missedcall.recovery.calls.CallClassifier;
import com.missedcall.recovery.calls.CallEvent;
import com.missedcall.recovery.calls.CallRoute;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.calls.Decision;
import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.calls.RecoveryService;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.voice.VoiceRecoveryService;
import com.missedcall.recovery.workspace.NumberDirectory;
import com.missedcall.recovery.workspace.RoutingMode;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three voice routes: a call comes in, the {@code <Dial>} action, the call status callback.
 * Each resolves the tracked number, hands the event to the recovery decision, and answers Twilio only
 * once the decision is durable. Unknown or inactive numbers are answered harmlessly and counted.
 */
public final class VoiceWebhooks {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceWebhooks.class);

  /** Twilio waits 15 s for a webhook's answer; an answer later than this may not be read. */
  static final Duration ANSWER_BUDGET = Duration.ofSeconds(14);

  private final NumberDirectory directory;
  private final RecoveryService recovery;
  private final RecoveryMetrics metrics;
  private final String publicBase;
  private final long decisionTimeoutMs;
  private final VoiceRecoveryService voice;

  public VoiceWebhooks(NumberDirectory directory, RecoveryService recovery, RecoveryMetrics metrics,
                       String publicBase, Duration decisionTimeout, VoiceRecoveryService voice) {
    this.directory = directory;
    this.recovery = recovery;
    this.voice = voice;
    this.metrics = metrics;
    this.publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
    this.decisionTimeoutMs = decisionTimeout.toMillis();
  }

  public void incoming(RoutingContext ctx) {
    handle(ctx, CallRoute.INCOMING);
  }

  public void dialAction(RoutingContext ctx) {
    handle(ctx, CallRoute.DIAL_ACTION);
  }

  public void status(RoutingContext ctx) {
    handle(ctx, CallRoute.STATUS);
  }

  private void handle(RoutingContext ctx, CallRoute route) {
    long start = System.nanoTime();
    String routeName = route.name().toLowerCase(Locale.ROOT);
    TwilioForm form = TwilioForm.of(ctx);
    CallEvent event = CallEvent.from(route, form.fields(), Instant.now(), start);
    if (event.callSid() == null || event.to() == null) {
      metrics.webhook(routeName, "rejected", start);
      ctx.fail(new com.missedcall.gateway.http.HttpProblem(400, "missing_parameter", "CallSid and To are required"));
      return;
    }
    if (CallClassifier.ignoredInEveryMode(event)) {
      // progress callbacks and child legs: nothing to record, whatever the number (no lookup, no query)
      metrics.decision(DecisionReason.NOT_FINAL.code());
      acknowledge(ctx, route);
      metrics.webhook(routeName, "ignored", start);
      return;
    }
    directory.find(event.to())
        .recover(err -> Future.failedFuture(err instanceof Overloaded ? err : new StorageUnavailable(err)))
        .compose(line -> line.filter(l -> l.accountSid().equals(event.accountSid())).isPresent()
            ? decide(ctx, route, line.get(), event)
            : unknownNumber(ctx, event))
        .onSuccess(outcome -> metrics.webhook(routeName, outcome, start))
        .onFailure(err -> {
          metrics.webhook(routeName, err instanceof Overloaded ? "shed" : "unavailable", start);
          ctx.fail(err);
        });
  }

  private Future<String> decide(RoutingContext ctx, CallRoute route, TrackedLine line, CallEvent event) {
    if (route == CallRoute.INCOMING && line.routingMode() == RoutingMode.FORWARDING
        || route == CallRoute.DIAL_ACTION && voiceMayAnswer(event, line)) {
      return atMiss(line, event)
          .compose(start -> start.twiml() != null
              ? Future.succeededFuture(answered(ctx, start.twiml()))
              : decideWithoutVoice(ctx, route, line, event));
    }
    if (route == CallRoute.STATUS) {
      return atEnd(line, event)
          .compose(decision -> decision.isPresent()
              ? Future.succeededFuture(acknowledged(ctx, route, decision.get()))
              : decideWithoutVoice(ctx, route, line, event));
    }
    return decideWithoutVoice(ctx, route, line, event);
  }

  /**
   * A {@code <Dial>} to the business that ended unanswered while the caller is still on the line (not
   * {@code canceled}: the caller hung up): voice recovery may answer instead of hanging up.
   */
  private static boolean voiceMayAnswer(CallEvent event, TrackedLine line) {
    return line.routingMode() == RoutingMode.DIRECT && !"canceled".equals(event.dialCallStatus())
        && CallClassifier.classify(event, line.routingMode()) == com.missedcall.recovery.calls.CallOutcome.MISSED;
  }

  /**
   * Voice recovery at the miss: its TwiML (the greeting, or a voicemail or goodbye when it fell back), or null when
   * the call goes the way it always went (voice not configured, or falling back to the text-back). A voice start
   * that fails or is slow must not keep the caller waiting: the call then goes the usual way too (its status
   * callback finds no voice call and decides the text-back).
   */
  private Future<VoiceRecoveryService.Start> atMiss(TrackedLine line, CallEvent event) {
    return voice.start(line, event).timeout(decisionTimeoutMs, TimeUnit.MILLISECONDS)
        .otherwise(err -> {
          LOG.atWarn().addKeyValue("callSid", event.callSid())
              .addKeyValue("error", CallerNumber.maskWithin(String.valueOf(err)))
              .log("voice recovery could not start; the call goes the usual way");
          return new VoiceRecoveryService.Start(VoiceRecoveryService.Kind.NOT_CONFIGURED, null, null, null);
        });
  }

  /** The call's final status, for a workspace with voice recovery on: voice decides it when it took the call. */
  private Future<Optional<Decision>> atEnd(TrackedLine line, CallEvent event) {
    return voice.configured(line.workspaceId()).compose(on -> !on
        ? Future.succeededFuture(Optional.<Decision>empty())
        : voice.finish(line, event).timeout(ANSWER_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
            .recover(err -> Future.failedFuture(err instanceof Overloaded ? err : new StorageUnavailable(err))));
  }

  private static String answered(RoutingContext ctx, String twiml) {
    Twiml.send(ctx, twiml);
    return "ok";
  }

  private static String acknowledged(RoutingContext ctx, CallRoute route, Decision d) {
    acknowledge(ctx, route);
    return d.reason() == DecisionReason.DUPLICATE_WEBHOOK ? "duplicate" : "ok";
  }

  private Future<String> decideWithoutVoice(RoutingContext ctx, CallRoute route, TrackedLine line, CallEvent event) {
    if (route == CallRoute.INCOMING) {
      // the caller is waiting for the phone to ring: never let bookkeeping stand in the way of the call
      // (this answer acknowledges nothing: the final webhook records the call if this one did not)
      Future<Decision> decision = recovery.handle(line, event).timeout(decisionTimeoutMs, TimeUnit.MILLISECONDS);
      return decision.otherwise(err -> {
        LOG.atWarn().addKeyValue("callSid", event.callSid())
            .addKeyValue("error", CallerNumber.maskWithin(String.valueOf(err)))
            .log("incoming call not recorded; the final webhook will record it");
        return Decision.notRecorded(DecisionReason.NOT_FINAL);
      }).map(d -> {
        Twiml.send(ctx, line.routingMode() == RoutingMode.DIRECT
            ? Twiml.dialBusiness(line, publicBase + "/twilio/voice/dial-action")
            : Twiml.missedGreeting(line));
        return "ok";
      });
    }
    // The acknowledgement follows the commit: "503 means nothing was written". A decision that could not
    // start its statement in time is dropped unrun by the batcher (Overloaded, 503); once its statement
    // has started it is answered from that statement's outcome, however late, so no timeout of ours cuts
    // it short here. The only exception is ANSWER_BUDGET, Twilio's own 15 s limit less a margin: a statement
    // still running by then is answered 503 although it may yet commit; Twilio's retry of that CallSid is
    // then answered 2xx as a duplicate and texts no one again (the CallSid is unique per account).
    return recovery.handle(line, event).timeout(ANSWER_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(
            err instanceof java.util.concurrent.TimeoutException
                ? new StorageUnavailable(err) : err))
        .map(d -> {
          acknowledge(ctx, route);
          return d.reason() == DecisionReason.DUPLICATE_WEBHOOK ? "duplicate"
              : d.reason() == DecisionReason.NOT_FINAL ? "ignored" : "ok";
        });
  }

  /** A webhook that needs no call flow: a status callback gets 204, a voice route empty TwiML. */
  private static void acknowledge(RoutingContext ctx, CallRoute route) {
    if (route == CallRoute.STATUS) {
      ctx.response().setStatusCode(204).end();
    } else {
      Twiml.empty(ctx);
    }
  }

  private Future<String> unknownNumber(RoutingContext ctx, CallEvent event) {
    metrics.decision(DecisionReason.UNKNOWN_NUMBER.code());
    LOG.atInfo().addKeyValue("called", CallerNumber.mask(event.to())).addKeyValue("callSid", event.callSid())
        .addKeyValue("reason", DecisionReason.UNKNOWN_NUMBER.code()).log("call to a number no workspace tracks");
    Twiml.empty(ctx);
    return Future.succeededFuture("unknown_number");
  }

}

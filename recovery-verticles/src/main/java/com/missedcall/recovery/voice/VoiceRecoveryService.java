package com.missedcall.recovery.voice;

import com.missedcall.recovery.ai.AiSettings;
import com.missedcall.recovery.ai.ChatCompletionsClient;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.cache.ExpiringCache;
import com.missedcall.recovery.calls.CallEvent;
import com.missedcall.recovery.calls.CallOutcome;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.calls.Decision;
import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.calls.RecoveryService;
import com.missedcall.recovery.email.EmailOutbox;
import com.missedcall.recovery.email.EmailTemplates;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice recovery: answers a missed call by voice (the model, or the voice intake script when there is no model
 * or it fails or is late), one durable turn at a time, and decides at the call's end, once, whether the call was
 * recovered by voice (no text-back) or falls back (text-back through the existing decision, a voicemail, or
 * nothing), with the reason on the call.
 */
public final class VoiceRecoveryService {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceRecoveryService.class);
  /** Silent turns in a row after which the assistant stops asking. */
  static final int SILENT_TURNS = 2;
  static final String CONSENT = "This call is recorded. After the beep, please leave your name, your address and "
      + "what you need, and we'll call you back.";

  /** What voice recovery does with a missed call as it happens. */
  public enum Kind {
    /** The workspace did not turn voice recovery on (or no channel recovers this call): the existing path. */
    NOT_CONFIGURED,
    /** Voice recovery answers: {@code twiml} is the greeting and first question. */
    VOICE,
    /** Voice cannot run ({@code reason}); the fallback runs: {@code twiml} for a voicemail or nothing, null for text-back. */
    FELL_BACK
  }

  public record Start(Kind kind, String twiml, VoiceOutcome reason, VoiceFallback fallback) {}

  private final VoiceTurnStore store;
  private final RecoveryService recovery;
  private final ChatCompletionsClient model;
  private final AiSettings ai;
  private final VoiceConfig config;
  private final VoiceMetrics metrics;
  private final RecoveryMetrics recoveryMetrics;
  private final EventBus bus;
  private final String publicBase;
  private final ExpiringCache<Long, VoiceChannels> channels;

  public VoiceRecoveryService(VoiceTurnStore store, RecoveryService recovery, ChatCompletionsClient model,
                              AiSettings ai, VoiceConfig config, VoiceMetrics metrics, RecoveryMetrics recoveryMetrics,
                              EventBus bus, String publicBase, Duration settingsTtl) {
    this.store = store;
    this.recovery = recovery;
    this.model = model;
    this.ai = ai;
    this.config = config;
    this.metrics = metrics;
    this.recoveryMetrics = recoveryMetrics;
    this.bus = bus;
    this.publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
    this.channels = new ExpiringCache<>(store::channels, settingsTtl, settingsTtl);
  }

  /** Whether this workspace turned voice recovery on (cached): only then do its calls need a voice look-up. */
  public Future<Boolean> configured(long workspaceId) {
    return channels.get(workspaceId).map(ws -> ws.map(VoiceChannels::voiceEnabled).orElse(false));
  }

  public void invalidate(long workspaceId) {
    channels.invalidate(workspaceId);
  }

  /** Drops a workspace's cached channels when the admin API in this process changes them. */
  public VoiceRecoveryService listen(io.vertx.core.Vertx vertx) {
    vertx.eventBus().<Long>consumer(Addresses.VOICE_CHANNELS_CHANGED, msg -> invalidate(msg.body()));
    return this;
  }

  /**
   * A missed call voice recovery may take: the {@code <Dial>} action's no-answer, busy or failed (direct mode), or
   * the forwarded call coming in (forwarding mode).
   */
  public Future<Start> start(TrackedLine line, CallEvent event) {
    long started = event.receivedNanos();
    return channels.get(line.workspaceId()).compose(found -> {
      if (found.isEmpty() || !found.get().voiceEnabled()) {
        return Future.succeededFuture(new Start(Kind.NOT_CONFIGURED, null, null, null));
      }
      VoiceChannels ws = found.get();
      return store.verified(line.workspaceId(), event.to(), event.callSid()).compose(verified -> {
        VoiceGate.Gate gate = VoiceGate.decide(config.enabled(), found, verified, CallerNumber.isTextable(event.from()));
        return switch (gate.verdict()) {
          case NOT_CONFIGURED -> Future.succeededFuture(new Start(Kind.NOT_CONFIGURED, null, null, null));
          case FALL_BACK -> refuse(line, event, ws, gate.reason());
          case RUN -> {
            String greeting = VoiceIntakeScript.greeting(ws.businessName());
            String twiml = VoiceTwiml.ask(greeting, VoiceIntakeScript.question(VoiceStep.NEED), turnUrl(1),
                listening(ws));
            yield store.begin(line, event, ws, greeting + " " + VoiceIntakeScript.question(VoiceStep.NEED), twiml,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .map(answer -> {
                  if (!answer.replayed()) {
                    metrics.turn("greeting", System.nanoTime() - started);
                    LOG.atInfo().addKeyValue("workspace", line.workspaceId()).addKeyValue("callSid", event.callSid())
                        .addKeyValue("caller", CallerNumber.mask(event.from())).log("voice recovery answered the call");
                  }
                  return new Start(Kind.VOICE, answer.twiml(), null, null);
                });
          }
        };
      });
    });
  }

  private Future<Start> refuse(TrackedLine line, CallEvent event, VoiceChannels ws, VoiceOutcome reason) {
    VoiceFallback fallback = ws.effectiveFallback();
    return store.refuse(line, event, reason, fallback).map(first -> {
      if (first) {
        metrics.decided(reason);
        LOG.atInfo().addKeyValue("workspace", line.workspaceId()).addKeyValue("callSid", event.callSid())
            .addKeyValue("reason", reason.code()).addKeyValue("fallback", fallback.code())
            .log("voice recovery did not run");
      }
      String twiml = switch (fallback) {
        case TEXTBACK -> null;
        case VOICEMAIL -> VoiceTwiml.voicemail("Sorry, " + ws.businessName() + " couldn't take your call. " + CONSENT,
            recordingUrl(), transcriptionUrl(), ws.language());
        case NONE -> VoiceTwiml.goodbye("Sorry, " + ws.businessName()
            + " couldn't take your call right now. Please call again later. Goodbye.", ws.language());
      };
      return new Start(Kind.FELL_BACK, twiml, reason, fallback);
    });
  }

  /** One caller turn ({@code turn} 1, 2, ...): the answer's TwiML, written durably before it is returned. */
  public Future<String> turn(TrackedLine line, CallEvent event, int turn, String speech, Double confidence) {
    return store.find(event.accountSid(), event.callSid()).compose(found -> {
      if (found.isEmpty() || found.get().leadId() == null) {
        return Future.succeededFuture(VoiceTwiml.goodbye("Sorry, something went wrong. Goodbye.", "en-US"));
      }
      VoiceCall call = found.get();
      return store.answered(call.id(), turn).compose(stored -> {
        if (stored.isPresent()) {
          return Future.succeededFuture(stored.get()); // a retried turn: the same answer, nothing written
        }
        return channels.get(line.workspaceId()).compose(ws -> ws.isEmpty()
            ? Future.succeededFuture(VoiceTwiml.goodbye("Goodbye.", "en-US"))
            : answer(line, event, call, ws.get(), turn, speech, confidence));
      });
    });
  }

  private Future<String> answer(TrackedLine line, CallEvent event, VoiceCall call, VoiceChannels ws, int turn,
                                String speech, Double confidence) {
    if (call.decided() || call.completed() || call.endedReason() != null) {
      return Future.succeededFuture(VoiceTwiml.goodbye("Goodbye.", ws.language()));
    }
    String words = speech == null ? "" : speech.strip();
    Future<VoiceTurnStore.TurnWrite> draft = words.isEmpty()
        ? Future.succeededFuture(silence(call, ws, turn, event))
        : spoken(call, ws, turn, words, confidence, event);
    List<Long> alertCallJobs = new java.util.concurrent.CopyOnWriteArrayList<>();
    return draft.compose(w -> store.answer(call, w, alerts(ws, alertCallJobs)).map(answered -> {
      answered.jobs().forEach(id -> bus.send(Addresses.SMS_JOB_READY, id));
      if (!answered.replayed()) {
        metrics.turn(w.source(), System.nanoTime() - event.receivedNanos());
        alertCallJobs.forEach(id -> bus.send(Addresses.VOICE_ALERT_CALL_READY, id));
        LOG.atInfo().addKeyValue("callSid", event.callSid()).addKeyValue("turn", turn).addKeyValue("source", w.source())
            .addKeyValue("next", w.next().code()).addKeyValue("latencyMs", w.latencyMs()).log("voice turn answered");
      }
      return answered.twiml();
    }));
  }

  /** The caller said nothing: ask again once, then stop (the fallback takes over). */
  private VoiceTurnStore.TurnWrite silence(VoiceCall call, VoiceChannels ws, int turn, CallEvent event) {
    int silent = call.silentInARow() + 1;
    long latency = millisSince(event);
    if (silent >= SILENT_TURNS) {
      String say;
      String twiml;
      switch (ws.effectiveFallback()) {
        case VOICEMAIL -> {
          say = "Sorry, I couldn't hear you. " + CONSENT;
          twiml = VoiceTwiml.voicemail(say, recordingUrl(), transcriptionUrl(), ws.language());
        }
        case TEXTBACK -> {
          say = "Sorry, I couldn't hear you. We'll send you a text message instead. Goodbye.";
          twiml = VoiceTwiml.goodbye(say, ws.language());
        }
        default -> {
          say = "Sorry, I couldn't hear you. Please call us again. Goodbye.";
          twiml = VoiceTwiml.goodbye(say, ws.language());
        }
      }
      return new VoiceTurnStore.TurnWrite(turn, null, null, say, "script", latency, twiml, call.step(), empty(), false,
          silent, false, "no_speech", false);
    }
    String say = VoiceIntakeScript.notHeard(call.step());
    return new VoiceTurnStore.TurnWrite(turn, null, null, say, "script", latency,
        VoiceTwiml.ask(null, say, turnUrl(turn + 1), listening(ws)), call.step(), empty(), false, silent, false, null,
        false);
  }

  private Future<VoiceTurnStore.TurnWrite> spoken(VoiceCall call, VoiceChannels ws, int turn, String words,
                                                  Double confidence, CallEvent event) {
    Future<Drafted> drafted = modelAvailable(ws)
        ? fromModel(call, ws, words).recover(err -> {
            String reason = err instanceof ChatCompletionsClient.ModelFailure f ? f.reason()
                : err instanceof java.util.concurrent.TimeoutException ? "late" : "bad_answer";
            LOG.atWarn().addKeyValue("callSid", call.callSid()).addKeyValue("reason", reason)
                .log("voice model failed or was late; the script answers");
            return Future.succeededFuture(fromScript(call, words, "fallback"));
          })
        : Future.succeededFuture(fromScript(call, words, "script"));
    return drafted.map(d -> {
      VoiceFacts all = call.facts().with(d.learned());
      VoiceStep next = VoiceStep.firstMissing(all);
      boolean lastTurn = turn >= config.maxTurns();
      long latency = millisSince(event);
      if (next == VoiceStep.DONE || lastTurn) {
        boolean completed = next == VoiceStep.DONE || all.need() != null;
        String say = VoiceIntakeScript.closing(ws.businessName());
        return new VoiceTurnStore.TurnWrite(turn, words, confidence, say, d.source(), latency,
            VoiceTwiml.goodbye(say, ws.language()), VoiceStep.DONE, d.learned(), true, 0, d.modelFailed(),
            next == VoiceStep.DONE ? null : "max_turns", completed);
      }
      return new VoiceTurnStore.TurnWrite(turn, words, confidence, d.say(), d.source(), latency,
          VoiceTwiml.ask(null, d.say(), turnUrl(turn + 1), listening(ws)), next, d.learned(), true, 0,
          d.modelFailed(), null, false);
    });
  }

  private record Drafted(String say, VoiceFacts learned, String source, boolean modelFailed) {}

  private Drafted fromScript(VoiceCall call, String words, String source) {
    VoiceIntakeScript.Turn t = VoiceIntakeScript.respond(call.step(), words, call.facts());
    return new Drafted(t.say(), t.learned(), source, "fallback".equals(source));
  }

  private Future<Drafted> fromModel(VoiceCall call, VoiceChannels ws, String words) {
    return store.history(call.id())
        .compose(lines -> model.complete(VoicePrompt.build(ws, call.facts(), lines, words)))
        .timeout(config.modelBudget().toMillis(), TimeUnit.MILLISECONDS)
        .compose(content -> VoicePrompt.parse(content, ws).map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new IllegalStateException("model answered nothing speakable"))))
        .map(reply -> {
          VoiceFacts learned = reply.facts();
          if (VoiceIntakeScript.soundsUrgent(words)) {
            learned = learned.with(new VoiceFacts(null, null, "emergency", null));
          }
          return new Drafted(reply.say(), learned, "model", false);
        });
  }

  private boolean modelAvailable(VoiceChannels ws) {
    return model != null && ai.enabled() && ai.modelConfigured() && ws.planAi() && ws.aiEnabled();
  }

  /**
   * The call's final status callback. Empty: voice recovery had nothing to do with this call (the existing
   * decision takes it). Otherwise the decision: {@code voice_recovered} or the voice reason (voicemail or nothing),
   * or the text-back decision's own, with the voice outcome written on the call.
   */
  public Future<Optional<Decision>> finish(TrackedLine line, CallEvent event) {
    return store.find(event.accountSid(), event.callSid()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.<Decision>empty());
      }
      return channels.get(line.workspaceId()).compose(ws -> {
        VoiceFallback fallback = ws.map(VoiceChannels::effectiveFallback).orElse(VoiceFallback.TEXTBACK);
        return store.end(found.get().id(), event, fallback, summaries(ws.orElse(null), line))
            .compose(ending -> {
              ending.jobs().forEach(id -> bus.send(Addresses.SMS_JOB_READY, id));
              if (ending.decidedNow() && found.get().leadId() != null) {
                metrics.decided(ending.outcome());
                LOG.atInfo().addKeyValue("workspace", line.workspaceId()).addKeyValue("callSid", event.callSid())
                    .addKeyValue("outcome", ending.outcome().code()).addKeyValue("fallback", ending.fallback().code())
                    .log("voice recovery decided");
              }
              if (!ending.outcome().recovered() && ending.fallback() == VoiceFallback.TEXTBACK) {
                CallOutcome outcome = CallerNumber.isTextable(event.from()) ? CallOutcome.MISSED
                    : CallOutcome.MISSED_ANONYMOUS;
                return recovery.decide(line, event, outcome).map(Optional::of);
              }
              DecisionReason reason = ending.decidedNow() ? DecisionReason.ofCode(ending.outcome().code())
                  : DecisionReason.DUPLICATE_WEBHOOK;
              recoveryMetrics.decision(reason.code());
              return Future.succeededFuture(Optional.of(Decision.notRecorded(reason)));
            });
      });
    });
  }

  /**
   * A call the reconciler found ended at Twilio while still pending here (its final status callback was lost): a
   * call voice recovery answered is decided by voice (as its status callback would have); any other call goes the
   * usual way.
   */
  public Future<Decision> decideListed(TrackedLine line, CallEvent event, CallOutcome outcome) {
    if (outcome != CallOutcome.MISSED && outcome != CallOutcome.MISSED_ANONYMOUS) {
      return recovery.decide(line, event, outcome);
    }
    return configured(line.workspaceId()).compose(on -> !on ? recovery.decide(line, event, outcome)
        : finish(line, event).compose(decided -> decided.map(Future::succeededFuture)
            .orElseGet(() -> recovery.decide(line, event, outcome))));
  }

  public Future<Void> recording(String accountSid, String callSid, String url, String sid) {
    return store.recording(accountSid, callSid, url, sid);
  }

  public Future<Void> transcription(String accountSid, String callSid, String text) {
    return store.transcription(accountSid, callSid, text);
  }

  /** The TwiML after a voicemail was recorded. */
  public String afterRecording() {
    return VoiceTwiml.goodbye("Thank you. We'll call you back soon. Goodbye.", "en-US");
  }

  private VoiceTurnStore.Summaries summaries(VoiceChannels ws, TrackedLine line) {
    return (conn, call) -> {
      if (ws == null) {
        return Future.succeededFuture(List.of());
      }
      List<Long> jobs = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      if (ws.callerSummary()) {
        chain = chain.compose(v -> VoiceTurnStore.mayTextCaller(conn, ws.workspaceId(), call.caller()))
            .compose(may -> !may
                ? VoiceTurnStore.event(conn, ws.workspaceId(), call.conversationId(), "caller_summary_skipped",
                    "opted_out_or_capped", new JsonObject().put("call_sid", call.callSid()))
                : VoiceTurnStore.queue(conn, List.of(new OutboundSms(ws.workspaceId(), call.leadId(),
                        call.conversationId(), call.accountSid(), call.called(), call.caller(), "caller_summary",
                        VoiceTexts.callerSummary(ws.businessName(), call.facts()), true)))
                    .map(ids -> {
                      jobs.addAll(ids);
                      return null;
                    }));
      }
      if (ws.teamSummary()) {
        chain = chain.compose(v -> VoiceTurnStore.numbers(conn, ws.workspaceId())).compose(numbers -> {
          List<String> team = numbers.getOrDefault("team", List.of());
          String body = VoiceTexts.teamSummary(ws.businessName(), call.caller(), java.time.Instant.now(), ws.timezone(),
              call.facts());
          return VoiceTurnStore.queue(conn, texts(call, team, "team_summary", body)).map(ids -> {
            jobs.addAll(ids);
            return null;
          });
        });
      }
      return chain.map(v -> jobs);
    };
  }

  /**
   * The alerts of a turn, written in its transaction; an emergency also queues one outbound alert call per voice
   * alert number when the workspace turned alert calls on (their job ids go to {@code alertCallJobs}, to wake the
   * caller once the turn committed).
   */
  private VoiceTurnStore.Alerts alerts(VoiceChannels ws, List<Long> alertCallJobs) {
    return new VoiceTurnStore.Alerts() {
      @Override
      public Future<List<Long>> urgent(SqlConnection conn, VoiceCall call, VoiceFacts facts) {
        return EmailOutbox.queue(conn, ws.workspaceId(), "urgent", call.leadId(), EmailTemplates.voiceUrgent(
                ws.businessName(), call.caller(), facts.need(), facts.address(), call.leadId()))
            .compose(emails -> VoiceTurnStore.numbers(conn, ws.workspaceId())).compose(numbers -> VoiceTurnStore.queue(conn,
                texts(call, alertNumbers(numbers), "alert", VoiceTexts.urgentAlert(ws.businessName(), call.caller(),
                    facts)))
            .compose(texts -> !ws.alertCalls() ? Future.succeededFuture(texts)
                : VoiceAlertCallStore.queue(conn, call, alertNumbers(numbers),
                        VoiceTexts.alertCall(ws.businessName(), facts))
                    .map(calls -> {
                      alertCallJobs.addAll(calls);
                      return texts;
                    })));
      }

      @Override
      public Future<List<Long>> failure(SqlConnection conn, VoiceCall call) {
        return EmailOutbox.queue(conn, ws.workspaceId(), "voice_failure", call.leadId(),
                EmailTemplates.voiceFailure(ws.businessName(), call.caller(), call.leadId()))
            .compose(emails -> VoiceTurnStore.numbers(conn, ws.workspaceId())).compose(numbers -> VoiceTurnStore.queue(conn,
            texts(call, alertNumbers(numbers), "model_alert", VoiceTexts.failureAlert(ws.businessName(), call.caller()))))
            .compose(ids -> VoiceTurnStore.event(conn, ws.workspaceId(), call.conversationId(), "team_alerted",
                "voice_model_failed", new JsonObject().put("call_sid", call.callSid())).map(ids));
      }
    };
  }

  /** Voice alert numbers, else the alert numbers, else the team. */
  static List<String> alertNumbers(Map<String, List<String>> numbers) {
    List<String> voice = numbers.getOrDefault("voice_alert", List.of());
    if (!voice.isEmpty()) {
      return voice;
    }
    return numbers.getOrDefault("alert", numbers.getOrDefault("team", List.of()));
  }

  private static List<OutboundSms> texts(VoiceCall call, List<String> to, String kind, String body) {
    return to.stream().map(phone -> new OutboundSms(call.workspaceId(), call.leadId(), call.conversationId(),
        call.accountSid(), call.called(), phone, kind, body, false)).toList();
  }

  /** The TwiML of outbound alert call {@code id} (reads its summary) for the account that placed it; empty otherwise. */
  public Future<Optional<String>> alertCallTwiml(long id, String accountSid) {
    return VoiceAlertCallStore.twiml(store.pool(), id, accountSid);
  }

  /** Outbound alert call {@code id} ended at Twilio with {@code status} (its status callback). */
  public Future<Void> alertCallEnded(long id, String accountSid, String status, Integer durationSeconds) {
    return VoiceAlertCallStore.ended(store.pool(), id, accountSid, status, durationSeconds);
  }

  private VoiceTwiml.Listening listening(VoiceChannels ws) {
    return new VoiceTwiml.Listening(ws.language(), VoiceTwiml.hints(ws.services()), config.gatherTimeout(),
        config.speechTimeout());
  }

  private String turnUrl(int turn) {
    return publicBase + "/twilio/voice/turn?n=" + turn;
  }

  private String recordingUrl() {
    return publicBase + "/twilio/voice/recording";
  }

  private String transcriptionUrl() {
    return publicBase + "/twilio/voice/transcription";
  }

  private static long millisSince(CallEvent event) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - event.receivedNanos());
  }

  private static VoiceFacts empty() {
    return new VoiceFacts(null, null, null, null);
  }
}

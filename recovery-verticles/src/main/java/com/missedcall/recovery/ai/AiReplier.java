package com.missedcall.recovery.ai;

import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.callback.CallbackRequest;
import com.missedcall.recovery.callback.CallbackStore;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.conversations.ConversationContext;
import com.missedcall.recovery.conversations.ConversationStore;
import com.missedcall.recovery.conversations.ThreadStore;
import com.missedcall.recovery.conversations.ConversationTexts;
import com.missedcall.recovery.conversations.IntakeStep;
import com.missedcall.recovery.conversations.TeamNotifications;
import com.missedcall.recovery.intake.IntakeLinks;
import com.missedcall.recovery.intake.IntakeStore;
import com.missedcall.recovery.intake.IntakeToken;
import com.missedcall.recovery.jobs.ClaimedJob;
import com.missedcall.recovery.jobs.JobQueue;
import com.missedcall.recovery.jobs.JobWorker;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI replier: answers a caller's text ({@code ai_reply} jobs, one per inbound text). The guard chain
 * runs first and every skip is recorded with its reason; then the model (an OpenAI-compatible endpoint)
 * writes the reply, or the built-in intake script does when no model is configured or the model fails (and
 * then the team is alerted, once per conversation). A model reply that quotes a price, a discount or an
 * arrival time is replaced by a hand-off line. What the caller said is extracted into the lead. When the
 * intake completes the caller gets a summary (held in quiet hours) and the team a summary of the lead.
 */
public final class AiReplier extends JobWorker {
  private static final Logger LOG = LoggerFactory.getLogger(AiReplier.class);
  public static final List<String> KINDS = List.of("ai_reply");
  static final int HISTORY = 20;
  static final int MAX_REPLY = 480;
  /** Who wrote a reply, as counted: the model, the intake script (no model configured), the script as a fallback. */
  static final List<String> SOURCES = List.of("model", "intake_script", "fallback");

  /** The reply decided before the final transaction. */
  record Draft(String source, String kind, String text, IntakeStep next, String need, String address, String urgency,
               CallbackRequest callback, boolean completesIntake, String modelFailure, String filtered,
               IntakeToken intakeToken) {
    /** The same reply offering the intake page at {@code url} (the link {@code token} opens). */
    Draft offering(IntakeToken token, String url) {
      return new Draft(source, kind, text + " " + ConversationTexts.intakeLinkOffer(url), next, need, address, urgency,
          callback, completesIntake, modelFailure, filtered, token);
    }

    String metricSource() {
      return "model".equals(source) ? "model" : modelFailure != null ? "fallback" : "intake_script";
    }
  }

  private final ConversationStore store;
  private final TeamNotifications team;
  private final CallbackStore callbacks = new CallbackStore();
  private final IntakeStore intakeStore = new IntakeStore();
  private final IntakeLinks intakeLinks;
  private final AiSettings settings;
  private final ChatCompletionsClient model;

  /** @param intakeLinks makes the links of the intake page the script's first reply offers (null: never offered) */
  public AiReplier(JobQueue queue, ConversationStore store, AiSettings settings, ChatCompletionsClient model,
                   IntakeLinks intakeLinks, Duration lease, Duration sweepInterval, int maxAttempts, Backoff backoff,
                   RecoveryMetrics metrics) {
    // the lease outlives the slowest model answer, so another worker does not take a reply still being written
    super(queue, "ai", KINDS, lease.plus(settings.worstCase()), sweepInterval, maxAttempts, backoff, metrics);
    metrics.declareAi(SOURCES, Arrays.stream(SkipReason.values()).map(SkipReason::code).toList());
    this.store = store;
    this.team = new TeamNotifications(store);
    this.settings = settings;
    this.model = model;
    this.intakeLinks = intakeLinks;
  }

  @Override
  protected Future<Void> handle(ClaimedJob job) {
    Long messageId = job.payload().getLong("message_id");
    if (job.conversationId() == null || messageId == null) {
      return store.pool().withTransaction(conn -> JobQueue.finish(conn, job));
    }
    return store.context(store.pool(), job.conversationId()).compose(found -> found
        .map(ctx -> store.thread().inbound(store.pool(), messageId).compose(inbound -> inbound
            .map(message -> {
              Optional<SkipReason> skip = AiGuards.before(settings.enabled(), ctx, message);
              if (skip.isPresent()) {
                return skip(job, ctx, skip.get());
              }
              return store.thread().history(store.pool(), ctx, HISTORY)
                  .compose(thread -> draft(ctx, message, thread))
                  .compose(draft -> commit(job, ctx, draft));
            })
            .orElseGet(() -> store.pool().withTransaction(conn -> JobQueue.finish(conn, job)))))
        .orElseGet(() -> store.pool().withTransaction(conn -> JobQueue.finish(conn, job))));
  }

  private Future<Void> skip(ClaimedJob job, ConversationContext ctx, SkipReason reason) {
    LOG.atInfo().addKeyValue("conversation", ctx.id()).addKeyValue("reason", reason.code()).log("AI reply skipped");
    return store.pool().withTransaction(conn -> skipIn(conn, job, ctx, reason))
        .onSuccess(v -> metrics().aiSkipped(reason.code()))
        .mapEmpty();
  }

  /** Records the skip and finishes the job; completes with the reason, to be counted once committed. */
  private Future<Optional<SkipReason>> skipIn(SqlConnection conn, ClaimedJob job, ConversationContext ctx,
                                              SkipReason reason) {
    return store.event(conn, ctx, "ai_skipped", reason.code(),
            new JsonObject().put("message_id", job.payload().getLong("message_id")))
        .compose(v -> JobQueue.finish(conn, job))
        .map(Optional.of(reason));
  }

  private Future<Draft> draft(ConversationContext ctx, ThreadStore.Inbound message,
                              List<ThreadStore.Line> thread) {
    if (!settings.modelConfigured()) {
      return offerLink(ctx, script(ctx, message, null));
    }
    Prompt.Known known = known(ctx);
    return model.complete(Prompt.build(ctx, known, thread))
        .compose(content -> ModelReply.parse(content)
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new IllegalStateException("model answered without a reply"))))
        .map(reply -> fromModel(ctx, known, reply))
        .recover(err -> {
          String reason = err instanceof ChatCompletionsClient.ModelFailure f ? f.reason() : "bad_answer";
          LOG.atWarn().addKeyValue("conversation", ctx.id()).addKeyValue("reason", reason)
              .addKeyValue("error", CallerNumber.maskWithin(err.getMessage())).log("model failed; the intake script answers");
          return offerLink(ctx, script(ctx, message, reason));
        });
  }

  /**
   * The intake script's first reply in a conversation that goes on asking offers the intake page too, when the
   * workspace has the page on (a text-back template offers {@code {intake_link}}): a new link, bound to this lead
   * and conversation when the reply commits.
   */
  private Future<Draft> offerLink(ConversationContext ctx, Draft draft) {
    if (intakeLinks == null || ctx.aiTurns() > 0 || draft.next() == IntakeStep.DONE || !"intake".equals(draft.kind())) {
      return Future.succeededFuture(draft);
    }
    return intakeStore.pageOn(store.pool(), ctx.workspaceId()).map(on -> {
      if (!on) {
        return draft;
      }
      IntakeToken token = IntakeToken.generate();
      return draft.offering(token, intakeLinks.url(token));
    });
  }

  /** What this conversation has already learned: the lead's facts for the intake steps already passed. */
  private static Prompt.Known known(ConversationContext ctx) {
    IntakeStep step = ctx.intakeStep();
    return new Prompt.Known(step.ordinal() > IntakeStep.NEED.ordinal() ? ctx.need() : null,
        step.ordinal() > IntakeStep.ADDRESS.ordinal() ? ctx.address() : null,
        step.ordinal() > IntakeStep.URGENCY.ordinal() || "emergency".equals(ctx.urgency()) ? ctx.urgency() : null);
  }

  private Draft fromModel(ConversationContext ctx, Prompt.Known known, ModelReply reply) {
    String need = or(reply.need(), known.need());
    String address = or(reply.address(), known.address());
    String urgency = or(reply.urgency(), known.urgency());
    IntakeStep next = IntakeStep.firstMissing(need, address, urgency);
    boolean completes = next == IntakeStep.DONE && ctx.intakeStep() != IntakeStep.DONE;
    var ws = ctx.workspace();
    Optional<ReplyFilter.Violation> violation =
        ReplyFilter.check(reply.reply(), ws.ai().allowPrices(), ws.ai().allowDiscounts(), ws.ai().allowArrivalTimes());
    String text = violation.isPresent() ? ConversationTexts.handOff(ws.name()) : shorten(reply.reply());
    String kind = "ai_reply";
    CallbackRequest callback = reply.callbackTime() == null ? null
        : CallbackRequest.read(reply.callbackTime(), ctx.dbNow().atZone(ws.timezone()));
    if (completes && ws.channels().callerSummary()) {
      kind = "caller_summary";
      text = ConversationTexts.callerSummary(ws.name(), need, address, urgency,
          callback == null || callback.window() == null ? null : callback.words(ctx.dbNow().atZone(ws.timezone())));
    }
    return new Draft("model", kind, text, next, reply.need(), reply.address(), reply.urgency(), callback, completes,
        null,
        violation.map(ReplyFilter.Violation::code).orElse(null), null);
  }

  private static Draft script(ConversationContext ctx, ThreadStore.Inbound message, String modelFailure) {
    var ws = ctx.workspace();
    IntakeScript.Turn turn = IntakeScript.respond(ctx.intakeStep(), message.body(),
        new IntakeScript.Facts(ws.name(), ws.facts().hoursForCaller(ctx.dbNow()), ws.facts().bookingLink()), "emergency".equals(ctx.urgency()));
    boolean completes = turn.next() == IntakeStep.DONE && ctx.intakeStep() != IntakeStep.DONE
        && (turn.urgency() != null || turn.address() != null || turn.callback() != null);
    CallbackRequest callback = turn.callback() == null ? null
        : CallbackRequest.read(turn.callback(), ctx.dbNow().atZone(ws.timezone()));
    String kind = "intake";
    String text = turn.reply();
    if (completes && ws.channels().callerSummary()) {
      kind = "caller_summary";
      text = ConversationTexts.callerSummary(ws.name(), or(turn.need(), ctx.need()), or(turn.address(), ctx.address()),
          or(turn.urgency(), ctx.urgency()), callback == null || callback.window() == null ? null
              : callback.words(ctx.dbNow().atZone(ws.timezone())));
    }
    return new Draft("script", kind, text, turn.next(), turn.need(), turn.address(), turn.urgency(), callback,
        completes, modelFailure, null, null);
  }

  private Future<Void> commit(ClaimedJob job, ConversationContext before, Draft draft) {
    List<Long> texts = new ArrayList<>();
    return store.pool().withTransaction(conn -> store.lock(conn, before.leadId(), before.id()).compose(found -> {
          ConversationContext ctx = found.orElseThrow();
          Optional<SkipReason> late = AiGuards.state(settings.enabled(), ctx);
          if (late.isPresent()) {
            return skipIn(conn, job, ctx, late.get());
          }
          return store.takeSms(conn, ctx.workspaceId(), ctx.leadId()).compose(room -> {
            if (!room) {
              return skipIn(conn, job, ctx, SkipReason.DAILY_SMS_CAP_REACHED);
            }
            OutboundSms reply = new OutboundSms(ctx.workspaceId(), ctx.leadId(), ctx.id(), ctx.accountSid(),
                ctx.businessNumber(), ctx.caller(), draft.kind(), draft.text(), "caller_summary".equals(draft.kind()));
            boolean alertTeam = draft.modelFailure() != null && !ctx.modelFailureAlerted();
            boolean summary = draft.completesIntake() && ctx.workspace().channels().teamSummary() && !ctx.teamSummarySent();
            Future<Void> link = draft.intakeToken() == null ? Future.succeededFuture()
                : intakeStore.createLink(conn, draft.intakeToken(), ctx.workspaceId(), ctx.leadId(), ctx.id());
            return link.compose(v -> SmsQueue.queue(conn, reply))
                .compose(queued -> {
                  texts.add(queued.messageId());
                  return store.event(conn, ctx, "ai_replied", draft.source(), new JsonObject()
                      .put("message_id", queued.messageId()).put("kind", draft.kind())
                      .put("message_id", job.payload().getLong("message_id")));
                })
                .compose(v -> draft.modelFailure() == null ? Future.succeededFuture()
                    : store.event(conn, ctx, "model_failed", draft.modelFailure(), null))
                .compose(v -> draft.filtered() == null ? Future.succeededFuture()
                    : store.event(conn, ctx, "reply_filtered", draft.filtered(), null))
                .compose(v -> !draft.completesIntake() ? Future.succeededFuture()
                    : store.event(conn, ctx, "intake_completed", draft.source(), null))
                .compose(v -> alertTeam ? team.modelFailure(conn, ctx).map(texts::addAll) : Future.succeededFuture())
                .compose(v -> store.afterReply(conn, ctx.id(), 1, draft.next(), alertTeam, false))
                .compose(v -> freshCallback(conn, ctx, draft))
                .compose(callback -> store.leads().recordFacts(conn, ctx.leadId(), draft.need(), draft.address(),
                        draft.urgency(), callback, draft.completesIntake())
                    .compose(v -> callback == null ? Future.succeededFuture(false) : callbacks.request(conn,
                        ctx.workspaceId(), ctx.leadId(), ctx.id(), "model".equals(draft.source())
                            ? CallbackStore.Source.AI_REPLY : CallbackStore.Source.INTAKE_SCRIPT, callback))
                    .compose(v -> summary
                        ? team.summary(conn, ctx, or(draft.need(), ctx.need()), or(draft.address(), ctx.address()),
                            or(draft.urgency(), ctx.urgency()), callback == null ? null
                                : callback.words(ctx.dbNow().atZone(ctx.workspace().timezone()))).map(texts::addAll)
                        : Future.succeededFuture()))
                .compose(v -> JobQueue.finish(conn, job))
                .map(Optional.<SkipReason>empty());
          });
        }))
        .onSuccess(skipped -> {
          skipped.ifPresentOrElse(reason -> metrics().aiSkipped(reason.code()),
              () -> metrics().aiReplied(draft.metricSource()));
          texts.forEach(id -> vertx.eventBus().send(Addresses.SMS_JOB_READY, id));
          if (!texts.isEmpty()) {
            LOG.atInfo().addKeyValue("conversation", before.id()).addKeyValue("source", draft.source())
                .addKeyValue("kind", draft.kind()).addKeyValue("to", CallerNumber.mask(before.caller()))
                .addKeyValue("filtered", draft.filtered()).log("reply queued");
          }
        })
        .mapEmpty();
  }

  /**
   * The callback time this reply captured, if it is news: a model may repeat what the caller said turns ago, and
   * words like "tomorrow" read again on a later day would make a new window the caller never asked for.
   */
  private Future<CallbackRequest> freshCallback(SqlConnection conn, ConversationContext ctx, Draft draft) {
    if (draft.callback() == null || !"model".equals(draft.source())) {
      return Future.succeededFuture(draft.callback());
    }
    return callbacks.ofLead(conn, ctx.leadId()).map(held -> held.map(CallbackRequest::said)
        .filter(said -> said.equalsIgnoreCase(draft.callback().said())).isPresent() ? null : draft.callback());
  }

  private static String shorten(String reply) {
    String r = reply.strip().replaceAll("\\s+", " ");
    if (r.length() <= MAX_REPLY) {
      return r;
    }
    int cut = r.lastIndexOf(". ", MAX_REPLY);
    return cut > 100 ? r.substring(0, cut + 1) : r.substring(0, MAX_REPLY - 3) + "...";
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}

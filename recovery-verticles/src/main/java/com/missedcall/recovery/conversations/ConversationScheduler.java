package com.missedcall.recovery.conversations;

import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.callback.CallbackRequest;
import com.missedcall.recovery.callback.CallbackStore;
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
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker for a conversation's timed and team work: the HELP answer, the urgent alert, the follow-up
 * ladder (one follow-up text when the caller stays silent, held while the business is closed by its hours,
 * then the on-call number), and the auto-close
 * of stale conversations. Each job re-checks the conversation under its row lock before it acts, records
 * why when it does not, and queues any text in the outbox in the same transaction that finishes the job.
 */
public final class ConversationScheduler extends JobWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationScheduler.class);
  public static final List<String> KINDS = List.of("help_reply", ConversationStore.OPTOUT_CONFIRM, "urgent_alert", "followup", "oncall", "auto_close");

  /** What a step decided: texts to wake the sender for, or a later due time for the job itself. */
  private record Outcome(List<Long> texts, Instant rescheduleAt) {
    static Outcome done(List<Long> texts) {
      return new Outcome(texts, null);
    }

    static Outcome nothing() {
      return new Outcome(List.of(), null);
    }

    static Outcome later(Instant at) {
      return new Outcome(List.of(), at);
    }
  }

  private interface Step {
    Future<Outcome> apply(SqlConnection conn, ClaimedJob job, ConversationContext ctx);
  }

  private final ConversationStore store;
  private final TeamNotifications team;
  private final CallbackStore callbacks = new CallbackStore();

  public ConversationScheduler(JobQueue queue, ConversationStore store, Duration lease, Duration sweepInterval,
                               int maxAttempts, Backoff backoff, RecoveryMetrics metrics) {
    super(queue, "conversation", KINDS, lease, sweepInterval, maxAttempts, backoff, metrics);
    this.store = store;
    this.team = new TeamNotifications(store);
  }

  @Override
  protected Future<Void> handle(ClaimedJob job) {
    return switch (job.kind()) {
      case "help_reply" -> help(job);
      case ConversationStore.OPTOUT_CONFIRM -> optOutConfirmation(job);
      case "urgent_alert" -> withConversation(job, this::urgentAlert);
      case "followup" -> withConversation(job, this::followUp);
      case "oncall" -> withConversation(job, this::onCall);
      case "auto_close" -> withConversation(job, this::autoClose);
      default -> Future.failedFuture(new IllegalStateException("not a conversation job: " + job.kind()));
    };
  }

  /** Runs {@code step} with the conversation locked, then finishes (or reschedules) the job, all in one transaction. */
  private Future<Void> withConversation(ClaimedJob job, Step step) {
    if (job.conversationId() == null) {
      return store.pool().withTransaction(conn -> JobQueue.finish(conn, job));
    }
    return store.pool().withTransaction(conn -> store.context(conn, job.conversationId())
            .compose(found -> found.isEmpty()
                ? Future.succeededFuture(Outcome.nothing())
                : store.lock(conn, found.get().leadId(), job.conversationId())
                    .compose(locked -> step.apply(conn, job, locked.orElseThrow())))
            .compose(outcome -> (outcome.rescheduleAt() != null
                ? JobQueue.reschedule(conn, job, outcome.rescheduleAt())
                : JobQueue.finish(conn, job)).map(outcome)))
        .map(outcome -> {
          wake(outcome.texts());
          return null;
        });
  }

  private Future<Void> help(ClaimedJob job) {
    JsonObject p = job.payload();
    String businessNumber = p.getString("business_number");
    return store.pool().withTransaction(conn -> store.helpFacts(conn, job.workspaceId(), businessNumber)
            .compose(facts -> leadOfJob(conn, job).compose(leadId -> SmsQueue.queue(conn, new OutboundSms(
                job.workspaceId(), leadId, job.conversationId(), p.getString("account_sid"), businessNumber,
                p.getString("caller"), "help", ConversationTexts.help(facts[0], facts[1]), false))))
            .compose(queued -> JobQueue.finish(conn, job).map(queued.messageId())))
        .map(textJob -> {
          wake(List.of(textJob));
          return null;
        });
  }

  /**
   * Confirms a free-text revocation once. The text is of kind {@code optout_confirm}, the one kind the sender
   * delivers to an opted-out caller; it ignores quiet hours (a confirmation is due at once).
   */
  private Future<Void> optOutConfirmation(ClaimedJob job) {
    JsonObject p = job.payload();
    String businessNumber = p.getString("business_number");
    return store.pool().withTransaction(conn -> store.helpFacts(conn, job.workspaceId(), businessNumber)
            .compose(facts -> leadOfJob(conn, job).compose(leadId -> SmsQueue.queue(conn, new OutboundSms(
                job.workspaceId(), leadId, job.conversationId(), p.getString("account_sid"), businessNumber,
                p.getString("caller"), ConversationStore.OPTOUT_CONFIRM, ConversationTexts.optOutConfirmation(facts[0]),
                false))))
            .compose(queued -> JobQueue.finish(conn, job).map(queued.messageId())))
        .map(textJob -> {
          wake(List.of(textJob));
          return null;
        });
  }

  private Future<Long> leadOfJob(SqlConnection conn, ClaimedJob job) {
    if (job.conversationId() == null) {
      return Future.succeededFuture(null);
    }
    return store.context(conn, job.conversationId()).map(ctx -> ctx.map(ConversationContext::leadId).orElse(null));
  }

  /**
   * Tells the alert numbers at once, and the addresses that take urgent emails; raised at most once per
   * conversation by the inbound transaction.
   */
  private Future<Outcome> urgentAlert(SqlConnection conn, ClaimedJob job, ConversationContext ctx) {
    long messageId = job.payload().getLong("message_id");
    return store.inbound(conn, messageId).compose(inbound -> {
      String words = inbound.map(ConversationStore.Inbound::body).orElse("");
      return com.missedcall.recovery.email.EmailOutbox.queue(conn, ctx.workspaceId(), "urgent", ctx.leadId(),
              com.missedcall.recovery.email.EmailTemplates.urgent(ctx.workspace().name(), ctx.caller(), words,
                  ctx.leadId()))
          .compose(emails -> store.notificationNumbers(conn, ctx.workspaceId())).compose(numbers -> {
            List<String> alert = numbers.getOrDefault("alert", List.of());
            if (alert.isEmpty()) {
              return store.event(conn, ctx, "alert_skipped", "no_alert_numbers", null).map(Outcome.nothing());
            }
            return callbackAhead(conn, ctx).compose(callback -> SmsQueue.queueAll(conn, TeamNotifications.to(ctx,
                    alert, "alert", ConversationTexts.urgentAlert(ctx.workspace().name(), ctx.caller(), words, callback))))
                .compose(ids -> store.event(conn, ctx, "alert_sent", "emergency_word",
                        new JsonObject().put("numbers", alert.size()).put("word", job.payload().getString("word")))
                    .map(Outcome.done(ids)));
          });
    });
  }

  /** The caller has not answered the text-back: one follow-up text, then (later) the on-call number. */
  private Future<Outcome> followUp(SqlConnection conn, ClaimedJob job, ConversationContext ctx) {
    String skip = silentCallerSkip(job, ctx);
    if (skip != null) {
      return skipped(conn, ctx, "followup_skipped", skip);
    }
    Long textBackMessage = job.payload().getLong("textback_message_id");
    Future<String> textBack = textBackMessage == null
        ? Future.succeededFuture("done") : store.sendStatus(conn, textBackMessage);
    return textBack.compose(status -> {
      if ("pending".equals(status) || "running".equals(status)) {
        // the text-back itself has not gone out yet (held for quiet hours, retrying): count from when it does
        return Future.succeededFuture(Outcome.later(ctx.dbNow().plus(ctx.workspace().followupDelay())));
      }
      if (!"done".equals(status)) {
        return skipped(conn, ctx, "followup_skipped", "textback_not_delivered");
      }
      Optional<Instant> opens = closedUntil(ctx);
      if (opens.isPresent()) {
        // a nudge nobody can act on: it goes when the business opens (caller quiet hours still apply then)
        return store.event(conn, ctx, "followup_held", "business_closed",
                new JsonObject().put("until", opens.get().toString()))
            .map(Outcome.later(opens.get()));
      }
      return store.takeSms(conn, ctx.workspaceId(), ctx.leadId()).compose(room -> {
        if (!room) {
          return skipped(conn, ctx, "followup_skipped", "daily_sms_cap_reached");
        }
        OutboundSms text = new OutboundSms(ctx.workspaceId(), ctx.leadId(), ctx.id(), ctx.accountSid(),
            ctx.businessNumber(), ctx.caller(), "followup", ConversationTexts.followUp(ctx.workspace().name()), true);
        return SmsQueue.queue(conn, text)
            .compose(queued -> JobQueue.insertAfter(conn, ctx.workspaceId(), "oncall", ctx.id(), null,
                    ctx.workspace().oncallDelay())
                .compose(oncall -> store.event(conn, ctx, "followup_queued", null,
                    new JsonObject().put("message_id", queued.messageId()).put("oncall_job_id", oncall)))
                .map(Outcome.done(List.of(queued.messageId()))));
      });
    });
  }

  /**
   * When the follow-up must wait for the business to open: its hours are set and it is closed now (after hours
   * or a holiday). Empty when it is open, has no hours, or never opens again within a year.
   */
  private static Optional<Instant> closedUntil(ConversationContext ctx) {
    BusinessHours hours = ctx.workspace().hours();
    if (hours == null || hours.stateAt(ctx.dbNow()).open()) {
      return Optional.empty();
    }
    return hours.nextOpening(ctx.dbNow()).map(ZonedDateTime::toInstant);
  }

  /**
   * The callback window the lead asked for, in words, while it has not ended (an old window from an earlier
   * conversation would mislead); null otherwise.
   */
  private Future<String> callbackAhead(SqlConnection conn, ConversationContext ctx) {
    return callbacks.ofLead(conn, ctx.leadId()).map(found -> found
        .flatMap(CallbackRequest::parsed)
        .filter(w -> w.to().toInstant().isAfter(ctx.dbNow()))
        .map(w -> w.words(ctx.dbNow().atZone(ctx.workspace().timezone())))
        .orElse(null));
  }

  /** Still silent after the follow-up: the on-call number is asked to call back. */
  private Future<Outcome> onCall(SqlConnection conn, ClaimedJob job, ConversationContext ctx) {
    String skip = silentCallerSkip(job, ctx);
    if (skip != null) {
      return skipped(conn, ctx, "oncall_skipped", skip);
    }
    return store.notificationNumbers(conn, ctx.workspaceId()).compose(numbers -> {
      List<String> onCall = numbers.getOrDefault("on_call", List.of());
      if (onCall.isEmpty()) {
        return skipped(conn, ctx, "oncall_skipped", "no_on_call_number");
      }
      return callbackAhead(conn, ctx).compose(callback -> SmsQueue.queueAll(conn, TeamNotifications.to(ctx, onCall,
              "oncall", ConversationTexts.onCall(ctx.workspace().name(), ctx.caller(), ctx.lastCallAt(),
                  ctx.workspace().timezone(), callback))))
          .compose(ids -> store.event(conn, ctx, "oncall_notified", null, new JsonObject().put("numbers", onCall.size()))
              .map(Outcome.done(ids)));
    });
  }

  /** Closes a conversation nobody touched for the workspace's stale-after period; otherwise looks again then. */
  private Future<Outcome> autoClose(SqlConnection conn, ClaimedJob job, ConversationContext ctx) {
    if (!ctx.open()) {
      return Future.succeededFuture(Outcome.nothing());
    }
    Instant staleAt = ctx.lastActivityAt().plus(ctx.workspace().staleAfter());
    if (staleAt.isAfter(ctx.dbNow())) {
      return Future.succeededFuture(Outcome.later(staleAt));
    }
    return store.close(conn, ctx.id(), "stale").compose(closed -> {
      if (!ctx.callerReplied() || ctx.teamSummarySent() || !ctx.workspace().teamSummary()) {
        return Future.succeededFuture(Outcome.nothing());
      }
      // the caller talked to us but never finished the intake: the team still hears what was captured
      return callbackAhead(conn, ctx).compose(callback -> team.summary(conn, ctx, ctx.need(), ctx.address(),
          ctx.urgency(), callback)).map(Outcome::done);
    });
  }

  /** Why a step of the ladder must not run (null when it may). */
  private static String silentCallerSkip(ClaimedJob job, ConversationContext ctx) {
    if (!ctx.open()) {
      return "conversation_closed";
    }
    if (ctx.lastInboundAt() != null && !ctx.lastInboundAt().isBefore(job.createdAt())) {
      return "caller_replied";
    }
    if (ctx.staffTakeover()) {
      return "staff_takeover";
    }
    if (ctx.optedOut()) {
      return "caller_opted_out";
    }
    if (!ctx.workspace().active()) {
      return "workspace_inactive";
    }
    if (!ctx.workspace().billingActive()) {
      return "billing_inactive";
    }
    return null;
  }

  private Future<Outcome> skipped(SqlConnection conn, ConversationContext ctx, String kind, String reason) {
    LOG.atInfo().addKeyValue("conversation", ctx.id()).addKeyValue("kind", kind).addKeyValue("reason", reason)
        .log("conversation step skipped");
    return store.event(conn, ctx, kind, reason, null).map(Outcome.nothing());
  }

  private void wake(List<Long> textJobs) {
    textJobs.forEach(id -> vertx.eventBus().send(Addresses.SMS_JOB_READY, id));
  }
}

package com.missedcall.recovery.conversations;

import com.missedcall.recovery.bus.Addresses;
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
import java.util.List;

/**
 * The worker for a conversation's team and keyword work: the HELP answer, the opt-out confirmation and the urgent
 * alert. (The follow-up ladder and the auto-close are the conversation's timer: {@link ConversationTimer}.) Each
 * job re-checks the conversation under its row lock before it acts, and queues any text in the outbox in the same
 * transaction that finishes the job.
 */
public final class ConversationScheduler extends JobWorker {
  public static final List<String> KINDS = List.of("help_reply", ConversationStore.OPTOUT_CONFIRM, "urgent_alert");

  /** What a step decided: texts to wake the sender for. */
  private record Outcome(List<Long> texts) {
    static Outcome done(List<Long> texts) {
      return new Outcome(texts);
    }

    static Outcome nothing() {
      return new Outcome(List.of());
    }
  }

  private interface Step {
    Future<Outcome> apply(SqlConnection conn, ClaimedJob job, ConversationContext ctx);
  }

  private final ConversationStore store;
  private final CallbackStore callbacks = new CallbackStore();

  public ConversationScheduler(JobQueue queue, ConversationStore store, Duration lease, Duration sweepInterval,
                               int maxAttempts, Backoff backoff, RecoveryMetrics metrics) {
    super(queue, "conversation", KINDS, lease, sweepInterval, maxAttempts, backoff, metrics);
    this.store = store;
  }

  @Override
  protected Future<Void> handle(ClaimedJob job) {
    return switch (job.kind()) {
      case "help_reply" -> help(job);
      case ConversationStore.OPTOUT_CONFIRM -> optOutConfirmation(job);
      case "urgent_alert" -> withConversation(job, this::urgentAlert);
      default -> Future.failedFuture(new IllegalStateException("not a conversation job: " + job.kind()));
    };
  }

  /** Runs {@code step} with the conversation locked, then finishes the job, all in one transaction. */
  private Future<Void> withConversation(ClaimedJob job, Step step) {
    if (job.conversationId() == null) {
      return store.pool().withTransaction(conn -> JobQueue.finish(conn, job));
    }
    return store.pool().withTransaction(conn -> store.context(conn, job.conversationId())
            .compose(found -> found.isEmpty()
                ? Future.succeededFuture(Outcome.nothing())
                : store.lock(conn, found.get().leadId(), job.conversationId())
                    .compose(locked -> step.apply(conn, job, locked.orElseThrow())))
            .compose(outcome -> JobQueue.finish(conn, job).map(outcome)))
        .map(outcome -> {
          wake(outcome.texts());
          return null;
        });
  }

  private Future<Void> help(ClaimedJob job) {
    JsonObject p = job.payload();
    String businessNumber = p.getString("business_number");
    return store.pool().withTransaction(conn -> store.team().helpFacts(conn, job.workspaceId(), businessNumber)
            .compose(facts -> leadOfJob(conn, job).compose(leadId -> SmsQueue.queue(conn, new OutboundSms(
                job.workspaceId(), leadId, job.conversationId(), p.getString("account_sid"), businessNumber,
                p.getString("caller"), "help", ConversationTexts.help(facts.business(), facts.contactPhone()), false))))
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
    return store.pool().withTransaction(conn -> store.team().helpFacts(conn, job.workspaceId(), businessNumber)
            .compose(facts -> leadOfJob(conn, job).compose(leadId -> SmsQueue.queue(conn, new OutboundSms(
                job.workspaceId(), leadId, job.conversationId(), p.getString("account_sid"), businessNumber,
                p.getString("caller"), ConversationStore.OPTOUT_CONFIRM, ConversationTexts.optOutConfirmation(facts.business()),
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
    return store.thread().inbound(conn, messageId).compose(inbound -> {
      String words = inbound.map(ThreadStore.Inbound::body).orElse("");
      return com.missedcall.recovery.email.EmailOutbox.queue(conn, ctx.workspaceId(), "urgent", ctx.leadId(),
              com.missedcall.recovery.email.EmailTemplates.urgent(ctx.workspace().name(), ctx.caller(), words,
                  ctx.leadId()))
          .compose(emails -> store.team().numbers(conn, ctx.workspaceId())).compose(numbers -> {
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

  /** The callback window the lead asked for, in words, while it has not ended; null otherwise. */
  private Future<String> callbackAhead(SqlConnection conn, ConversationContext ctx) {
    return CallbackAhead.of(callbacks, conn, ctx);
  }

  private void wake(List<Long> textJobs) {
    textJobs.forEach(id -> vertx.eventBus().send(Addresses.SMS_JOB_READY, id));
  }
}

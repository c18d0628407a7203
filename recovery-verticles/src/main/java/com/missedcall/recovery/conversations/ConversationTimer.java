package com.missedcall.recovery.conversations;

import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.callback.CallbackStore;
import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import com.missedcall.recovery.timer.DueTimer;
import com.missedcall.recovery.timer.TimerState;
import com.missedcall.recovery.timer.TimerStore;
import com.missedcall.recovery.work.InFlight;
import com.missedcall.recovery.work.LeaseSettings;
import com.missedcall.recovery.work.LeasedWorker;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of conversation timers (the columns of {@code conversations} that {@link TimerStore} owns): the
 * follow-up ladder (one follow-up text when the caller stays silent, held while the business is closed by its
 * hours, then the on-call number) and the auto-close of stale conversations. Its engine claims due timers; each
 * claim runs the step due first, with the lead and the conversation locked, checks the conversation again before
 * it acts, records why when it does not, and writes the timer's next state (fenced by the claim) in the
 * transaction that queued its texts, so a step's effects are written once.
 */
public final class ConversationTimer extends LeasedWorker<DueTimer> {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationTimer.class);
  private static final int BATCH = 20;
  private static final int MAX_IN_FLIGHT = 100;
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final ConversationStore store;
  private final TimerStore timers;
  private final TeamNotifications team;
  private final CallbackStore callbacks = new CallbackStore();

  public ConversationTimer(ConversationStore store, TimerStore timers, Duration lease, Duration sweepInterval,
                           int maxAttempts, Backoff backoff, RecoveryMetrics metrics) {
    super(store.pool(), TimerStore.claims(), new LeaseSettings("conversation_timer", "conversation_timer", lease,
        sweepInterval, BATCH, MAX_IN_FLIGHT, DRAIN, null, null, new LeaseSettings.Retries(maxAttempts, backoff)),
        metrics.registry(), new InFlight());
    this.store = store;
    this.timers = timers;
    this.team = new TeamNotifications(store);
  }

  @Override
  protected Future<Void> handle(DueTimer timer) {
    List<Long> texts = new ArrayList<>();
    return store.pool().withTransaction(conn -> store.lock(conn, timer.leadId(), timer.conversationId())
            .compose(ctx -> timers.state(conn, timer.conversationId())
                .compose(state -> ctx.isEmpty() || state.isEmpty()
                    ? Future.succeededFuture(TimerState.none())
                    : step(conn, ctx.get(), state.get(), texts))
                .compose(next -> timers.settle(conn, timer, next))))
        .onSuccess(v -> texts.forEach(id -> vertx.eventBus().send(Addresses.SMS_JOB_READY, id)));
  }

  /** The step due first (the ladder's on a tie); another one due too is claimed again at once by the next sweep. */
  private Future<TimerState> step(SqlConnection conn, ConversationContext ctx, TimerState state, List<Long> texts) {
    Instant now = ctx.dbNow();
    boolean ladder = state.followUpDue(now)
        && (!state.closeDue(now) || !state.closeDueAt().isBefore(state.followUpDueAt()));
    if (ladder) {
      return state.followUpStep() == TimerState.Step.FOLLOWUP
          ? followUp(conn, ctx, state, texts) : onCall(conn, ctx, state, texts);
    }
    if (state.closeDue(now)) {
      return autoClose(conn, ctx, state, texts);
    }
    // a reply or a new text-back moved the timer on since the claim: nothing is due any more
    return Future.succeededFuture(state);
  }

  /** The caller has not answered the text-back: one follow-up text, then (later) the on-call number. */
  private Future<TimerState> followUp(SqlConnection conn, ConversationContext ctx, TimerState state,
                                      List<Long> texts) {
    String skip = silentCallerSkip(state, ctx);
    if (skip != null) {
      return skipped(conn, ctx, "followup_skipped", skip).map(state.withoutFollowUp());
    }
    return timers.textBackStatus(conn, ctx.id()).compose(status -> {
      if ("pending".equals(status) || "running".equals(status)) {
        // the text-back itself has not gone out yet (held for quiet hours, retrying): count from when it does
        return Future.succeededFuture(state.followUpLater(ctx.dbNow().plus(ctx.workspace().channels().followupDelay())));
      }
      if (status != null && !"done".equals(status)) {
        return skipped(conn, ctx, "followup_skipped", "textback_not_delivered").map(state.withoutFollowUp());
      }
      Optional<Instant> opens = closedUntil(ctx);
      if (opens.isPresent()) {
        // a nudge nobody can act on: it goes when the business opens (caller quiet hours still apply then)
        return store.event(conn, ctx, "followup_held", "business_closed",
                new JsonObject().put("until", opens.get().toString()))
            .map(state.followUpLater(opens.get()));
      }
      return store.takeSms(conn, ctx.workspaceId(), ctx.leadId()).compose(room -> {
        if (!room) {
          return skipped(conn, ctx, "followup_skipped", "daily_sms_cap_reached").map(state.withoutFollowUp());
        }
        OutboundSms text = new OutboundSms(ctx.workspaceId(), ctx.leadId(), ctx.id(), ctx.accountSid(),
            ctx.businessNumber(), ctx.caller(), "followup", ConversationTexts.followUp(ctx.workspace().name()), true);
        Instant onCallAt = ctx.dbNow().plus(ctx.workspace().channels().oncallDelay());
        return SmsQueue.queue(conn, text)
            .compose(queued -> store.event(conn, ctx, "followup_queued", null,
                    new JsonObject().put("message_id", queued.messageId()).put("oncall_due_at", onCallAt.toString()))
                .map(v -> {
                  texts.add(queued.messageId());
                  return state.followUp(TimerState.Step.ONCALL, onCallAt, ctx.dbNow());
                }));
      });
    });
  }

  /**
   * When the follow-up must wait for the business to open: its hours are set and it is closed now (after hours
   * or a holiday). Empty when it is open, has no hours, or never opens again within a year.
   */
  private static Optional<Instant> closedUntil(ConversationContext ctx) {
    BusinessHours hours = ctx.workspace().facts().hours();
    if (hours == null || hours.stateAt(ctx.dbNow()).open()) {
      return Optional.empty();
    }
    return hours.nextOpening(ctx.dbNow()).map(ZonedDateTime::toInstant);
  }

  /** Still silent after the follow-up: the on-call number is asked to call back. The ladder ends here. */
  private Future<TimerState> onCall(SqlConnection conn, ConversationContext ctx, TimerState state, List<Long> texts) {
    TimerState done = state.withoutFollowUp();
    String skip = silentCallerSkip(state, ctx);
    if (skip != null) {
      return skipped(conn, ctx, "oncall_skipped", skip).map(done);
    }
    return store.team().numbers(conn, ctx.workspaceId()).compose(numbers -> {
      List<String> onCall = numbers.getOrDefault("on_call", List.of());
      if (onCall.isEmpty()) {
        return skipped(conn, ctx, "oncall_skipped", "no_on_call_number").map(done);
      }
      return CallbackAhead.of(callbacks, conn, ctx).compose(callback -> SmsQueue.queueAll(conn,
              TeamNotifications.to(ctx, onCall, "oncall", ConversationTexts.onCall(ctx.workspace().name(),
                  ctx.caller(), ctx.lastCallAt(), ctx.workspace().timezone(), callback))))
          .compose(ids -> store.event(conn, ctx, "oncall_notified", null, new JsonObject().put("numbers", onCall.size()))
              .map(v -> {
                texts.addAll(ids);
                return done;
              }));
    });
  }

  /** Closes a conversation nobody touched for the workspace's stale-after period; otherwise looks again then. */
  private Future<TimerState> autoClose(SqlConnection conn, ConversationContext ctx, TimerState state,
                                       List<Long> texts) {
    if (!ctx.open()) {
      return Future.succeededFuture(TimerState.none());
    }
    Instant staleAt = ctx.lastActivityAt().plus(ctx.workspace().channels().staleAfter());
    if (staleAt.isAfter(ctx.dbNow())) {
      return Future.succeededFuture(state.closeAt(staleAt));
    }
    return store.close(conn, ctx.id(), "stale").compose(closed -> {
      if (!ctx.callerReplied() || ctx.teamSummarySent() || !ctx.workspace().channels().teamSummary()) {
        return Future.succeededFuture(TimerState.none());
      }
      // the caller talked to us but never finished the intake: the team still hears what was captured
      return CallbackAhead.of(callbacks, conn, ctx).compose(callback -> team.summary(conn, ctx, ctx.need(),
          ctx.address(), ctx.urgency(), callback)).map(ids -> {
        texts.addAll(ids);
        return TimerState.none();
      });
    });
  }

  /** Why a step of the ladder must not run (null when it may). */
  private static String silentCallerSkip(TimerState state, ConversationContext ctx) {
    if (!ctx.open()) {
      return "conversation_closed";
    }
    Instant since = state.followUpSince();
    if (ctx.lastInboundAt() != null && since != null && !ctx.lastInboundAt().isBefore(since)) {
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

  private Future<Void> skipped(SqlConnection conn, ConversationContext ctx, String kind, String reason) {
    LOG.atInfo().addKeyValue("conversation", ctx.id()).addKeyValue("kind", kind).addKeyValue("reason", reason)
        .log("conversation step skipped");
    return store.event(conn, ctx, kind, reason, null);
  }
}

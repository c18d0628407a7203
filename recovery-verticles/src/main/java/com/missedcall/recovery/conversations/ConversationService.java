package com.missedcall.recovery.conversations;

import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.StorageUnavailable;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.calls.TextBackCancel;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import com.missedcall.recovery.timer.TimerStore;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversations from the outside: an inbound text from the webhook, and what staff do through the admin
 * API (send a manual message, take the conversation over or hand it back to the AI, close or reopen it,
 * switch its AI off). Every
 * returned Future completes once the effect is durable; workers are woken after the commit.
 */
public final class ConversationService {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);
  public static final int MAX_MANUAL_LENGTH = 1_600;

  private final ConversationStore store;
  private final EventBus bus;
  private final TimerStore timers = new TimerStore();

  public ConversationService(ConversationStore store, EventBus bus) {
    this.store = store;
    this.bus = bus;
  }

  /**
   * Records an inbound text on the tracked number {@code line} (deduplicated on its MessageSid) and queues
   * what answers it. Fails with {@link StorageUnavailable} when it could not be stored: nothing was
   * acknowledged, Twilio should retry.
   */
  public Future<InboundResult> receive(TrackedLine line, InboundSms sms) {
    Optional<OptOutKeywords.Match> keyword = OptOutKeywords.classify(sms.body(), sms.optOutType());
    return store.receive(line, sms, keyword)
        .recover(err -> Future.failedFuture(err instanceof Overloaded ? err : new StorageUnavailable(err)))
        .onSuccess(result -> {
          result.jobIds().forEach(id -> bus.publish(Addresses.CONVERSATION_JOB_READY, id));
          LOG.atInfo().addKeyValue("workspace", line.workspaceId()).addKeyValue("messageSid", sms.messageSid())
              .addKeyValue("from", CallerNumber.mask(sms.from())).addKeyValue("outcome", result.outcome())
              .addKeyValue("keyword", keyword.map(OptOutKeywords.Match::code).orElse(null))
              .addKeyValue("conversation", result.conversationId()).log("inbound text");
        });
  }

  /**
   * Sends a staff message in a conversation, which takes the conversation over: the AI stays quiet and the
   * follow-up ladder stops until staff hand it back; a text-back still waiting out its send delay is cancelled
   * ({@code cancelled_staff_message}). Refused with {@link ConversationRefused}
   * ({@code caller_opted_out}, {@code conversation_closed}, {@code conversation_not_found}, ...).
   */
  public Future<ManualMessage> sendManual(long workspaceId, long conversationId, String body) {
    Optional<ConversationRefused> invalid = validate(body);
    if (invalid.isPresent()) {
      return Future.failedFuture(invalid.get());
    }
    return store.pool().withTransaction(conn -> store.leadOf(conn, workspaceId, conversationId)
            .compose(lead -> lead.isEmpty()
                ? Future.failedFuture(ConversationRefused.notFound())
                : manual(conn, lead.get(), conversationId, body.strip())))
        .onSuccess(this::wakeSender);
  }

  /**
   * Sends a staff message to a lead, in its open conversation (opened if needed, from the number it last
   * texted with, else the workspace's first active number). Same rules as {@link #sendManual}.
   */
  public Future<ManualMessage> sendManualToLead(long workspaceId, long leadId, String body) {
    Optional<ConversationRefused> invalid = validate(body);
    if (invalid.isPresent()) {
      return Future.failedFuture(invalid.get());
    }
    return store.pool().withTransaction(conn -> store.leads().line(conn, workspaceId, leadId)
            .compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(ConversationRefused.leadNotFound());
              }
              LeadFactsStore.LeadLine line = found.get();
              if (!line.hasNumber()) {
                return Future.failedFuture(ConversationRefused.noNumber());
              }
              return store.leads().lock(conn, leadId)
                  .compose(v -> store.conversationFor(conn, workspaceId, leadId, line.accountSid(),
                      line.businessNumber(), line.caller()))
                  .compose(conversationId -> manual(conn, leadId, conversationId, body.strip()));
            }))
        .onSuccess(this::wakeSender);
  }

  /**
   * Staff take the conversation over without texting: as with a manual message, the AI stays quiet and its
   * pending replies and the follow-up ladder are cancelled until staff hand it back. Refused with
   * {@code conversation_closed} on a closed conversation; nothing changes when staff already have it.
   */
  public Future<Void> takeOver(long workspaceId, long conversationId) {
    return store.pool().withTransaction(conn -> locked(conn, workspaceId, conversationId).compose(ctx -> {
      if (!ctx.open()) {
        return Future.failedFuture(ConversationRefused.closed());
      }
      if (ctx.staffTakeover()) {
        return Future.succeededFuture();
      }
      return store.takeover(conn, conversationId, true)
          .compose(v -> store.cancelPending(conn, conversationId, "ai_reply"))
          .compose(v -> timers.cancelFollowUp(conn, conversationId))
          .compose(v -> store.event(conn, ctx, "staff_takeover", "staff", null));
    }));
  }

  /** Staff hand the conversation back: the AI may answer the caller's next text again. */
  public Future<Void> handBack(long workspaceId, long conversationId) {
    return store.pool().withTransaction(conn -> locked(conn, workspaceId, conversationId).compose(ctx -> {
      if (!ctx.open()) {
        return Future.failedFuture(ConversationRefused.closed());
      }
      if (!ctx.staffTakeover()) {
        return Future.succeededFuture();
      }
      return store.takeover(conn, conversationId, false)
          .compose(v -> store.event(conn, ctx, "handed_back", "staff", null));
    }));
  }

  /** Closes the conversation and cancels its pending work; false when it was already closed. */
  public Future<Boolean> close(long workspaceId, long conversationId) {
    return store.pool().withTransaction(conn -> locked(conn, workspaceId, conversationId)
        .compose(ctx -> store.close(conn, conversationId, "staff")));
  }

  /**
   * Opens a closed conversation again, with a fresh auto-close. At most one conversation is open per lead, so
   * it is refused with {@code lead_has_open_conversation} while the lead has another; nothing changes when it
   * is already open.
   */
  public Future<Void> reopen(long workspaceId, long conversationId) {
    return store.pool().withTransaction(conn -> locked(conn, workspaceId, conversationId).compose(ctx -> {
      if (ctx.open()) {
        return Future.succeededFuture();
      }
      return store.hasOtherOpen(conn, ctx.leadId(), conversationId).compose(other -> other
          ? Future.failedFuture(ConversationRefused.leadHasOpenConversation())
          : store.reopen(conn, conversationId)
              .compose(v -> timers.closeAfter(conn, conversationId, ctx.workspace().channels().staleAfter()))
              .compose(v -> store.event(conn, ctx, "reopened", "staff", null)));
    }));
  }

  /** Switches the AI on or off for one conversation. */
  public Future<Void> setAiEnabled(long workspaceId, long conversationId, boolean enabled) {
    return store.pool().withTransaction(conn -> locked(conn, workspaceId, conversationId)
        .compose(ctx -> store.setAi(conn, workspaceId, conversationId, enabled)
            .compose(v -> ctx.aiEnabled() == enabled ? Future.succeededFuture()
                : store.event(conn, ctx, enabled ? "ai_enabled" : "ai_disabled", "staff", null))));
  }

  private Future<ManualMessage> manual(SqlConnection conn, long leadId, long conversationId, String body) {
    return store.lock(conn, leadId, conversationId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ConversationRefused.notFound());
      }
      ConversationContext ctx = found.get();
      if (ctx.optedOut()) {
        return Future.failedFuture(ConversationRefused.optedOut());
      }
      if (!ctx.open()) {
        return Future.failedFuture(ConversationRefused.closed());
      }
      OutboundSms sms = new OutboundSms(ctx.workspaceId(), ctx.leadId(), ctx.id(), ctx.accountSid(),
          ctx.businessNumber(), ctx.caller(), "manual", body, false);
      return SmsQueue.queue(conn, sms).compose(queued -> store.takeover(conn, ctx.id(), true)
          .compose(v -> store.cancelPending(conn, ctx.id(), "ai_reply"))
          .compose(v -> timers.cancelFollowUp(conn, ctx.id()))
          .compose(v -> TextBackCancel.cancelOn(conn, ctx.workspaceId(), ctx.leadId(),
              DecisionReason.CANCELLED_STAFF_MESSAGE))
          .compose(v -> ctx.staffTakeover() ? Future.succeededFuture()
              : store.event(conn, ctx, "staff_takeover", "manual_message", null))
          .compose(v -> store.event(conn, ctx, "manual_sent", null, new JsonObject().put("message_id", queued.messageId())))
          .map(v -> new ManualMessage(ctx.id(), queued.messageId())));
    });
  }

  private Future<ConversationContext> locked(SqlConnection conn, long workspaceId, long conversationId) {
    return store.leadOf(conn, workspaceId, conversationId).compose(lead -> lead.isEmpty()
        ? Future.failedFuture(ConversationRefused.notFound())
        : store.lock(conn, lead.get(), conversationId).compose(ctx -> ctx
            .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(ConversationRefused.notFound()))));
  }

  private void wakeSender(ManualMessage message) {
    bus.send(Addresses.SMS_JOB_READY, message.messageId());
  }

  private static Optional<ConversationRefused> validate(String body) {
    if (body == null || body.isBlank()) {
      return Optional.of(ConversationRefused.invalid("empty_message", "The message is empty."));
    }
    if (body.strip().length() > MAX_MANUAL_LENGTH) {
      return Optional.of(ConversationRefused.invalid("message_too_long",
          "The message is longer than " + MAX_MANUAL_LENGTH + " characters."));
    }
    return Optional.empty();
  }
}

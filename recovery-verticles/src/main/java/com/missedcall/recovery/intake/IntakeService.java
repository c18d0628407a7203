package com.missedcall.recovery.intake;

import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.callback.CallbackRequest;
import com.missedcall.recovery.callback.CallbackStore;
import com.missedcall.recovery.conversations.ConversationContext;
import com.missedcall.recovery.conversations.ConversationStore;
import com.missedcall.recovery.conversations.ConversationTexts;
import com.missedcall.recovery.conversations.IntakeStep;
import com.missedcall.recovery.conversations.TeamNotifications;
import com.missedcall.recovery.timer.TimerStore;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake page's two actions. Opening a valid link counts the open and shows the form. Submitting one, in one
 * transaction under the link's row lock: the answers are stored once (a replay of the same form's nonce is the
 * same thank-you and writes nothing; any other second submission is "already sent"), the lead's facts updated
 * (which posts {@code lead.updated}), the conversation marked intake complete, its pending follow-ups
 * cancelled, the team summary and the caller summary queued as the intake script would; a callback window the
 * caller gave is kept on the lead and posted once as {@code callback.requested}. An expired, unknown or invalid
 * submission writes nothing.
 */
public final class IntakeService {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

  /** What the page shows next. */
  public enum Shown { FORM, INVALID, THANKS, ALREADY_SENT, UNAVAILABLE }

  /** The page: what it shows, its link (null when unavailable), the form as submitted (null otherwise). */
  public record Result(Shown shown, IntakeLink link, IntakeForm form) {}

  private final Pool pool;
  private final IntakeStore store;
  private final ConversationStore conversations;
  private final TeamNotifications team;
  private final EventBus bus;
  private final CallbackStore callbacks = new CallbackStore();
  private final TimerStore timers = new TimerStore();

  public IntakeService(Pool pool, IntakeStore store, ConversationStore conversations, EventBus bus) {
    this.pool = pool;
    this.store = store;
    this.conversations = conversations;
    this.team = new TeamNotifications(conversations);
    this.bus = bus;
  }

  public Future<Result> open(IntakeToken token) {
    return store.find(pool, token).compose(found -> {
      if (found.isEmpty() || found.get().expired()) {
        return Future.succeededFuture(new Result(Shown.UNAVAILABLE, null, null));
      }
      IntakeLink link = found.get();
      if (link.submitted()) {
        return Future.succeededFuture(new Result(Shown.ALREADY_SENT, link, null));
      }
      return store.opened(pool, link.id()).map(new Result(Shown.FORM, link, null));
    });
  }

  public Future<Result> submit(IntakeToken token, Map<String, String> values) {
    List<Long> texts = new ArrayList<>();
    return pool.withTransaction(conn -> store.lock(conn, token)
            .compose(exists -> exists ? store.find(conn, token) : Future.succeededFuture(Optional.<IntakeLink>empty()))
            .compose(found -> {
              if (found.isEmpty() || found.get().expired()) {
                return Future.succeededFuture(new Result(Shown.UNAVAILABLE, null, null));
              }
              IntakeLink link = found.get();
              IntakeForm form = IntakeForm.check(values, link.fields());
              if (link.submitted()) {
                return Future.succeededFuture(new Result(link.submittedNonce().equals(form.nonce()) ? Shown.THANKS
                    : Shown.ALREADY_SENT, link, form));
              }
              if (!form.valid()) {
                return Future.succeededFuture(new Result(Shown.INVALID, link, form));
              }
              return record(conn, link, form, texts).map(new Result(Shown.THANKS, link, form));
            }))
        .onSuccess(result -> {
          texts.forEach(id -> bus.send(Addresses.SMS_JOB_READY, id));
          if (result.shown() == Shown.THANKS && !texts.isEmpty() || result.shown() != Shown.FORM) {
            LOG.atInfo().addKeyValue("shown", result.shown())
                .addKeyValue("workspace", result.link() == null ? null : result.link().workspaceId())
                .addKeyValue("texts", texts.size()).log("intake page submitted");
          }
        });
  }

  private Future<Void> record(SqlConnection conn, IntakeLink link, IntakeForm form, List<Long> texts) {
    JsonObject fields = new JsonObject();
    form.answers().forEach((field, value) -> fields.put(field.code(), value));
    String need = form.answer(IntakeField.NEED);
    String address = form.answer(IntakeField.ADDRESS);
    String urgency = form.answer(IntakeField.URGENCY);
    return conversations.lock(conn, link.leadId(), link.conversationId()).compose(locked -> {
      ConversationContext ctx = locked.orElseThrow();
      boolean summary = ctx.workspace().channels().teamSummary() && !ctx.teamSummarySent();
      ZonedDateTime now = ctx.dbNow().atZone(ctx.workspace().timezone());
      CallbackRequest callback = form.callback(now);
      return store.submit(conn, link, form.nonce(), fields)
          .compose(v -> store.leadFacts(conn, link.leadId(), form, callback))
          .compose(v -> callback == null ? Future.succeededFuture(false) : callbacks.request(conn, ctx.workspaceId(),
              ctx.leadId(), ctx.id(), CallbackStore.Source.INTAKE_PAGE, callback))
          .compose(v -> timers.cancelFollowUp(conn, ctx.id()))
          .compose(v -> conversations.afterReply(conn, ctx.id(), 0, IntakeStep.DONE, false, false))
          .compose(v -> conversations.event(conn, ctx, "intake_completed", "intake_page",
              new JsonObject().put("fields", new io.vertx.core.json.JsonArray(List.copyOf(fields.fieldNames())))))
          .compose(v -> summary ? team.summary(conn, ctx, or(need, ctx.need()), or(address, ctx.address()),
              or(urgency, ctx.urgency()), callback == null ? null : callback.words(now)).map(texts::addAll)
              : Future.succeededFuture())
          .compose(v -> !ctx.workspace().channels().callerSummary() || !ctx.open() ? Future.<Void>succeededFuture()
              : conversations.takeSms(conn, ctx.workspaceId(), ctx.leadId()).compose(room -> !room ? Future.<Void>succeededFuture()
                  : SmsQueue.queue(conn, new OutboundSms(ctx.workspaceId(), ctx.leadId(), ctx.id(), ctx.accountSid(),
                          ctx.businessNumber(), ctx.caller(), "caller_summary", ConversationTexts.callerSummary(
                              ctx.workspace().name(), or(need, ctx.need()), or(address, ctx.address()),
                              or(urgency, ctx.urgency()), callback == null || callback.window() == null ? null
                                  : callback.words(now)), true))
                      .map(queued -> {
                        texts.add(queued.messageId());
                        return null;
                      })));
    });
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }
}

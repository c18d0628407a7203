package com.missedcall.recovery.conversations;

import com.missedcall.recovery.email.EmailOutbox;
import com.missedcall.recovery.email.EmailTemplates;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts to the business's own people, queued in the caller's transaction: the team summary of a
 * recovered lead and the alert that the AI model failed. They go out from the conversation's number, are
 * neither held for quiet hours nor counted against the daily cap (they are not texts to callers).
 */
public final class TeamNotifications {
  private final ConversationStore store;

  public TeamNotifications(ConversationStore store) {
    this.store = store;
  }

  /** The team summary (caller, time of the missed call, what was captured); marks it sent. */
  public Future<List<Long>> summary(SqlConnection conn, ConversationContext ctx, String need, String address,
                                    String urgency) {
    return summary(conn, ctx, need, address, urgency, null);
  }

  /** As above, with when the caller would like a call back, in words (null: they did not say). */
  public Future<List<Long>> summary(SqlConnection conn, ConversationContext ctx, String need, String address,
                                    String urgency, String callback) {
    return store.team().numbers(conn, ctx.workspaceId()).compose(numbers -> {
      List<String> team = numbers.getOrDefault("team", List.of());
      if (team.isEmpty()) {
        return store.event(conn, ctx, "team_summary_skipped", "no_team_numbers", null).map(List.<Long>of());
      }
      String body = ConversationTexts.teamSummary(ctx.workspace().name(), ctx.caller(), ctx.lastCallAt(),
          ctx.workspace().timezone(), need, address, urgency, callback);
      return SmsQueue.queueAll(conn, to(ctx, team, "team_summary", body))
          .compose(ids -> store.teamSummarySent(conn, ctx.id())
              .compose(v -> store.event(conn, ctx, "team_summary_sent", null, null)).map(ids));
    });
  }

  /** The model could not answer and the intake script did: the alert numbers (else the team) are told. */
  public Future<List<Long>> modelFailure(SqlConnection conn, ConversationContext ctx) {
    return EmailOutbox.queue(conn, ctx.workspaceId(), "ai_failure", ctx.leadId(),
            EmailTemplates.aiFailure(ctx.workspace().name(), ctx.caller(), ctx.leadId()))
        .compose(emails -> store.team().numbers(conn, ctx.workspaceId())).compose(numbers -> {
      List<String> to = numbers.getOrDefault("alert", numbers.getOrDefault("team", List.of()));
      if (to.isEmpty()) {
        return store.event(conn, ctx, "alert_skipped", "no_alert_numbers", null).map(List.<Long>of());
      }
      String body = ConversationTexts.modelFailureAlert(ctx.workspace().name(), ctx.caller());
      return SmsQueue.queueAll(conn, to(ctx, to, "model_alert", body))
          .compose(ids -> store.event(conn, ctx, "team_alerted", "model_failed", null).map(ids));
    });
  }

  /**
   * Carriers blocked the workspace's texts ({@code code}) and its sending is now paused: the alert numbers (else
   * the team) are told once, from the blocked number. Completes with the queued job ids (none without numbers).
   */
  public Future<List<Long>> sendingPaused(SqlConnection conn, long workspaceId, String business, String accountSid,
                                          String from, int code) {
    return EmailOutbox.queue(conn, workspaceId, "sending_paused", null, EmailTemplates.sendingPaused(business, code))
        .compose(emails -> store.team().numbers(conn, workspaceId)).compose(numbers -> {
      List<String> to = numbers.getOrDefault("alert", numbers.getOrDefault("team", List.of()));
      String body = ConversationTexts.sendingPausedAlert(business, code);
      List<OutboundSms> texts = new ArrayList<>();
      for (String phone : to) {
        texts.add(new OutboundSms(workspaceId, null, null, accountSid, from, phone, "alert", body, false));
      }
      return SmsQueue.queueAll(conn, texts);
    });
  }

  static List<OutboundSms> to(ConversationContext ctx, List<String> numbers, String kind, String body) {
    List<OutboundSms> texts = new ArrayList<>();
    for (String phone : numbers) {
      texts.add(new OutboundSms(ctx.workspaceId(), ctx.leadId(), ctx.id(), ctx.accountSid(), ctx.businessNumber(),
          phone, kind, body, false));
    }
    return texts;
  }
}

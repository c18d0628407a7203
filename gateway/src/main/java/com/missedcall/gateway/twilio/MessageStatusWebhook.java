package com.missedcall.gateway.twilio;

import com.missedcall.gateway.http.HttpProblem;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.MessageStatusStore;
import io.vertx.ext.web.RoutingContext;

/** Twilio's message status callback: records delivery status, never moving it backwards. */
public final class MessageStatusWebhook {
  private final MessageStatusStore store;
  private final RecoveryMetrics metrics;

  public MessageStatusWebhook(MessageStatusStore store, RecoveryMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    TwilioForm form = TwilioForm.of(ctx);
    String sid = form.get("MessageSid");
    String status = form.get("MessageStatus") != null ? form.get("MessageStatus") : form.get("SmsStatus");
    if (sid == null || status == null) {
      metrics.webhook("message_status", "rejected", start);
      ctx.fail(new HttpProblem(400, "missing_parameter", "MessageSid and MessageStatus are required"));
      return;
    }
    Long jobId = parseLong(ctx.request().getParam("job"));
    Integer errorCode = parseInt(form.get("ErrorCode"));
    store.record(jobId, sid, status, errorCode)
        .onSuccess(moved -> {
          if (moved) {
            // only a status the store ranks can move a message forward, so the label stays bounded; repeated
            // and stale callbacks show only as the webhook outcome "ignored"
            metrics.smsDeliveryStatus(status, errorCode == null ? "none" : String.valueOf(errorCode));
          }
          metrics.webhook("message_status", moved ? "ok" : "ignored", start);
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(err -> {
          metrics.webhook("message_status", "unavailable", start);
          ctx.fail(new com.missedcall.recovery.StorageUnavailable(err));
        });
  }

  private static Long parseLong(String s) {
    try {
      return s == null ? null : Long.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer parseInt(String s) {
    try {
      return s == null || s.isBlank() ? null : Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

package com.missedcall.gateway.twilio;

import com.missedcall.gateway.http.HttpProblem;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.CarrierOutcomes;
import com.missedcall.recovery.sms.MessageStatusStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's message status callback: records delivery status, never moving it backwards, and what its error code
 * means for the recipient, the sender and the call ({@link CarrierOutcomes}), before answering. A callback
 * applies only to a message its {@code AccountSid} (whose token signed it) sent: one from another account is
 * answered 204 like a stale one (Twilio must not retry it), logged and changes nothing.
 */
public final class MessageStatusWebhook {
  private static final Logger LOG = LoggerFactory.getLogger(MessageStatusWebhook.class);

  private final MessageStatusStore store;
  private final CarrierOutcomes carrier;
  private final RecoveryMetrics metrics;

  public MessageStatusWebhook(MessageStatusStore store, CarrierOutcomes carrier, RecoveryMetrics metrics) {
    this.store = store;
    this.carrier = carrier;
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
    // the message the sender put in the callback URL (an older URL's "job" named a job row, no message: ignored)
    Long messageId = parseLong(ctx.request().getParam("message"));
    Integer errorCode = parseInt(form.get("ErrorCode"));
    // the signature check verified the request with this account's token
    String accountSid = form.get("AccountSid");
    store.record(messageId, sid, status, errorCode, accountSid)
        .compose(recorded -> {
          if (recorded.found() && !recorded.owned()) {
            LOG.atWarn().addKeyValue("accountSid", accountSid).addKeyValue("messageSid", sid)
                .addKeyValue("messageId", messageId).addKeyValue("status", status)
                .log("status callback ignored: its account did not send this message");
            return Future.succeededFuture("foreign");
          }
          if (!recorded.owned()) {
            return Future.succeededFuture("ignored");
          }
          if (recorded.moved()) {
            // only a status the store ranks can move a message forward, so the label stays bounded; repeated
            // and stale callbacks show only as the webhook outcome "ignored"
            metrics.smsDeliveryStatus(status, errorCode == null ? "none" : String.valueOf(errorCode));
          }
          // applied even when the status did not move: a retry after a failure here must still apply them
          Future<Void> effects = errorCode == null ? Future.succeededFuture()
              : carrier.afterCallback(recorded, errorCode, accountSid);
          return effects.map(v -> recorded.moved() ? "ok" : "ignored");
        })
        .onSuccess(outcome -> {
          metrics.webhook("message_status", outcome, start);
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

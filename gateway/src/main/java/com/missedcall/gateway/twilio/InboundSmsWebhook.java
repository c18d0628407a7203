package com.missedcall.gateway.twilio;

import com.missedcall.gateway.http.HttpProblem;
import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.StorageUnavailable;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.conversations.ConversationService;
import com.missedcall.recovery.conversations.InboundSms;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.workspace.NumberDirectory;
import com.twilio.twiml.MessagingResponse;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "A message comes in" on a tracked number: the workspace by {@code To}, the lead by {@code From}. The
 * text is stored (once per MessageSid) and the answer queued in one transaction; only then is Twilio
 * answered, with empty TwiML: the reply goes out asynchronously through the outbox. A text that could
 * not be stored is answered 503, so nothing is acknowledged that is not durable.
 */
public final class InboundSmsWebhook {
  private static final Logger LOG = LoggerFactory.getLogger(InboundSmsWebhook.class);
  private static final String EMPTY = new MessagingResponse.Builder().build().toXml();
  static final String ROUTE = "sms_inbound";

  private final NumberDirectory directory;
  private final ConversationService conversations;
  private final RecoveryMetrics metrics;
  private final long timeoutMs;

  public InboundSmsWebhook(NumberDirectory directory, ConversationService conversations, RecoveryMetrics metrics,
                           Duration timeout) {
    this.directory = directory;
    this.conversations = conversations;
    this.metrics = metrics;
    this.timeoutMs = timeout.toMillis();
  }

  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    InboundSms sms = InboundSms.from(TwilioForm.of(ctx).fields());
    if (sms.messageSid() == null || sms.from() == null || sms.to() == null) {
      metrics.webhook(ROUTE, "rejected", start);
      ctx.fail(new HttpProblem(400, "missing_parameter", "MessageSid, From and To are required"));
      return;
    }
    directory.find(sms.to())
        .recover(err -> Future.failedFuture(err instanceof Overloaded ? err : new StorageUnavailable(err)))
        .compose(line -> {
          if (line.filter(l -> l.accountSid().equals(sms.accountSid())).isEmpty()) {
            LOG.atInfo().addKeyValue("to", CallerNumber.mask(sms.to())).addKeyValue("messageSid", sms.messageSid())
                .log("text to a number no workspace tracks");
            return Future.succeededFuture("unknown_number");
          }
          return conversations.receive(line.get(), sms)
              .timeout(timeoutMs, TimeUnit.MILLISECONDS)
              .recover(err -> Future.failedFuture(err instanceof TimeoutException ? new StorageUnavailable(err) : err))
              .map(result -> result.duplicate() ? "duplicate" : "ok");
        })
        .onSuccess(outcome -> {
          metrics.webhook(ROUTE, outcome, start);
          ctx.response().putHeader("Content-Type", "text/xml").end(EMPTY);
        })
        .onFailure(err -> {
          // shed by the database budget before anything ran: 503 overloaded, nothing written (Twilio retries)
          metrics.webhook(ROUTE, err instanceof Overloaded ? "shed" : "unavailable", start);
          ctx.fail(err instanceof StorageUnavailable || err instanceof Overloaded ? err : new StorageUnavailable(err));
        });
  }
}

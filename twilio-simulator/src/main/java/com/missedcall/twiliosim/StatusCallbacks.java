package com.missedcall.twiliosim;

import io.vertx.core.Future;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the carrier: moves an accepted message to {@code sent} then {@code delivered} (or, for a recipient
 * given {@link Faults#failDelivery}, {@code undelivered}/{@code failed} with its ErrorCode) and, when
 * it has a StatusCallback, reports each step there, signed, retrying as the URL's connection
 * overrides allow. Best effort: a callback that still fails is logged at debug and dropped.
 */
final class StatusCallbacks {

  private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);

  private final AccountRegistry accounts;
  private final WebhookClient webhooks;
  private final Faults faults;

  StatusCallbacks(AccountRegistry accounts, WebhookClient webhooks, Faults faults) {
    this.accounts = accounts;
    this.webhooks = webhooks;
    this.faults = faults;
  }

  Future<Void> deliver(MessageRecord record) {
    String url = record.message().statusCallback();
    String authToken = accounts.tokenOf(record.message().accountSid()).orElse(null);
    Faults.DeliveryFailure failure = faults.deliveryFailureFor(record.message().to());
    String last = failure == null ? "delivered" : failure.finalStatus();
    Integer errorCode = failure == null ? null : failure.errorCode();
    if (url == null || authToken == null) {
      record.advanceTo("sent");
      record.advanceTo(last);
      return Future.succeededFuture();
    }
    ConnectionOverrides overrides = ConnectionOverrides.parse(url);
    return report(record, "sent", null, overrides, authToken)
        .compose(v -> report(record, last, errorCode, overrides, authToken));
  }

  private Future<Void> report(MessageRecord record, String status, Integer errorCode, ConnectionOverrides overrides,
                              String authToken) {
    record.advanceTo(status);
    Map<String, String> params = paramsFor(record, status, errorCode);
    String signature = TwilioSignature.signSingleValued(authToken, overrides.url(), params);
    return attempt(overrides, params, signature, Sids.newSid("ID"), overrides.retryCount())
        .<Void>mapEmpty()
        .recover(failure -> {
          LOG.debug("Status callback {} for {} to {} failed", status, record.message().sid(), overrides.url(), failure);
          return Future.succeededFuture();
        });
  }

  private Future<WebhookResponse> attempt(
      ConnectionOverrides overrides, Map<String, String> params, String signature, String token, int retriesLeft) {
    return webhooks.send(overrides.url(), params, signature, token, overrides.connectTimeoutMs(), overrides.readTimeoutMs())
        .transform(outcome -> {
          if (retriesLeft > 0 && overrides.allowsRetryOf(outcome)) {
            return attempt(overrides, params, signature, token, retriesLeft - 1);
          }
          return outcome.succeeded() ? Future.succeededFuture(outcome.result()) : Future.failedFuture(outcome.cause());
        });
  }

  private static Map<String, String> paramsFor(MessageRecord record, String status, Integer errorCode) {
    SentMessage m = record.message();
    Map<String, String> params = TwilioPayloads.messageStatus(m.accountSid(), m.sid(), m.from(), m.to(), status,
        errorCode);
    if (record.messagingServiceSid() != null) {
      params.put("MessagingServiceSid", record.messagingServiceSid());
    }
    return params;
  }
}

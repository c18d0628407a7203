package com.missedcall.admin.webhooks;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Posts one signed delivery and says how it went; never fails, an error is an attempt outcome. */
public final class WebhookSender {
  private final WebClient client;
  private final Duration timeout;

  public WebhookSender(WebClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  public Future<WebhookDeliveryStore.Attempt> send(WebhookDeliveryStore.Outgoing d, int attempt) {
    OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
    long t0 = System.nanoTime();
    String signature = WebhookSigner.header(d.secret(), started.toEpochSecond(), d.body());
    return client.postAbs(d.url())
        .timeout(timeout.toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader(WebhookSigner.HEADER, signature)
        .putHeader("X-Mcr-Event", d.eventType())
        .putHeader("X-Mcr-Event-Id", d.eventId().toString())
        .putHeader("X-Mcr-Delivery", String.valueOf(d.deliveryId()))
        .sendBuffer(Buffer.buffer(d.body()))
        .map(resp -> new WebhookDeliveryStore.Attempt(attempt, started, millis(t0), resp.statusCode(),
            resp.statusCode() / 100 == 2 ? null : "HTTP " + resp.statusCode()))
        .otherwise(err -> new WebhookDeliveryStore.Attempt(attempt, started, millis(t0), null,
            err.getClass().getSimpleName() + ": " + err.getMessage()));
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}

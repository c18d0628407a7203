package com.missedcall.admin.webhooks;

import com.missedcall.admin.webhooks.destination.WebhookTargetGuard;
import com.missedcall.admin.webhooks.destination.WebhookTargetRefused;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one signed delivery and says how it went; never fails, an error is an attempt outcome. The URL
 * is vetted at every send and the request goes to the vetted address (the Host header and TLS name stay
 * the URL's host); redirects are never followed. A refused target is a permanent outcome: no retry.
 */
public final class WebhookSender {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

  private final WebClient client;
  private final Duration timeout;
  private final WebhookTargetGuard guard;

  public WebhookSender(WebClient client, Duration timeout, WebhookTargetGuard guard) {
    this.client = client;
    this.timeout = timeout;
    this.guard = guard;
  }

  public Future<WebhookDeliveryStore.Attempt> send(WebhookDeliveryStore.Outgoing d, int attempt) {
    OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
    long t0 = System.nanoTime();
    return guard.vet(d.url())
        .compose(vetted -> post(d, vetted, started))
        .map(resp -> new WebhookDeliveryStore.Attempt(attempt, started, millis(t0), resp.statusCode(),
            resp.statusCode() / 100 == 2 ? null : "HTTP " + resp.statusCode(), false))
        .otherwise(err -> {
          if (err instanceof WebhookTargetRefused refused) {
            LOG.atWarn().addKeyValue("deliveryId", d.deliveryId()).addKeyValue("event", d.eventType())
                .addKeyValue("code", refused.code()).addKeyValue("reason", refused.reason())
                .log("webhook delivery refused: its URL is not deliverable, given up without retry");
            return new WebhookDeliveryStore.Attempt(attempt, started, millis(t0), null,
                refused.code() + ": " + refused.getMessage(), true);
          }
          return new WebhookDeliveryStore.Attempt(attempt, started, millis(t0), null,
              err.getClass().getSimpleName() + ": " + err.getMessage(), false);
        });
  }

  private Future<HttpResponse<Buffer>> post(WebhookDeliveryStore.Outgoing d,
                                            WebhookTargetGuard.Vetted vetted, OffsetDateTime started) {
    String signature = WebhookSigner.header(d.secret(), started.toEpochSecond(), d.body());
    RequestOptions options = new RequestOptions()
        .setHost(vetted.target().host())
        .setPort(vetted.target().port())
        .setURI(vetted.target().requestUri());
    SocketAddress server = SocketAddress.inetSocketAddress(new InetSocketAddress(vetted.address(), vetted.target().port()));
    return client.request(HttpMethod.POST, server, options)
        .ssl(vetted.target().https())
        .followRedirects(false)
        .timeout(timeout.toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader(WebhookSigner.HEADER, signature)
        .putHeader("X-Mcr-Event", d.eventType())
        .putHeader("X-Mcr-Event-Id", d.eventId().toString())
        .putHeader("X-Mcr-Delivery", String.valueOf(d.deliveryId()))
        .sendBuffer(Buffer.buffer(d.body()));
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}

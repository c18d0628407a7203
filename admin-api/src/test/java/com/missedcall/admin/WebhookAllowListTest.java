package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.admin.webhooks.destination.AllowedNetworks;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.WebhookReceiver;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator who delivers inside their own network allows it ({@code WEBHOOK_ALLOWED_NETWORKS}, here
 * 127.0.0.0/8): those addresses are registered and delivered to, the request goes to the address that was
 * vetted (a name only the test's resolver knows is still delivered, under its own Host header), redirects
 * are not followed, and everything outside the allow-list stays refused.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookAllowListTest {
  private AdminUnderTest admin;
  private Tenants tenants;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis, s -> s.withWebhookAllowedNetworks(AllowedNetworks.parse("127.0.0.0/8")),
        name -> Future.succeededFuture(List.of(address(name.startsWith("private.") ? "10.1.2.3" : "127.0.0.1"))));
    tenants = admin.tenants();
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private Api api() {
    return admin.as(tenants.agency("Allowed " + System.nanoTime()).key());
  }

  private static JsonObject endpoint(String url) {
    return new JsonObject().put("url", url).put("events", new JsonArray().add("lead.created"));
  }

  private static int port(WebhookReceiver receiver) {
    return Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/.*", "$1"));
  }

  @Test
  void aLoopbackEndpointInTheAllowListIsRegisteredAndDelivered() {
    Api api = api();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      Api.Answer created = api.post("/api/v1/webhooks", endpoint(receiver.url()));

      JsonObject delivery = api.post("/api/v1/webhooks/" + created.json().getLong("id") + "/test", null).json();

      assertThat(created.status()).isEqualTo(201);
      assertThat(delivery.getString("status")).isEqualTo("delivered");
      assertThat(receiver.of("webhook.test")).hasSize(1);
    }
  }

  @Test
  void aHostNameIsDeliveredToTheAddressItWasVettedAtUnderItsOwnHostHeader() {
    Api api = api();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      String url = "http://crm.only-the-test-resolves-this.test:" + port(receiver) + "/hooks?tenant=7";
      long hook = api.post("/api/v1/webhooks", endpoint(url)).json().getLong("id");

      JsonObject delivery = api.post("/api/v1/webhooks/" + hook + "/test", null).json();

      assertThat(delivery.getString("status")).isEqualTo("delivered");
      assertThat(receiver.of("webhook.test")).hasSize(1);
      assertThat(receiver.of("webhook.test").get(0).headers().get("Host"))
          .isEqualTo("crm.only-the-test-resolves-this.test:" + port(receiver));
    }
  }

  @Test
  void aRedirectIsRecordedAsTheAnswerAndNotFollowed() {
    Api api = api();
    AtomicInteger followed = new AtomicInteger();
    HttpServer elsewhere = admin.vertx().createHttpServer()
        .requestHandler(req -> { followed.incrementAndGet(); req.response().end(); }).listen(0, "127.0.0.1").await();
    HttpServer redirecting = admin.vertx().createHttpServer().requestHandler(req -> req.response().setStatusCode(303)
        .putHeader("Location", "http://127.0.0.1:" + elsewhere.actualPort() + "/stolen").end()).listen(0, "127.0.0.1")
        .await();
    try {
      long hook = api.post("/api/v1/webhooks", endpoint("http://127.0.0.1:" + redirecting.actualPort() + "/hooks")).json()
          .getLong("id");

      JsonObject delivery = api.post("/api/v1/webhooks/" + hook + "/test", null).json();

      assertThat(delivery.getString("status")).isEqualTo("failed");
      assertThat(delivery.getInteger("last_status_code")).isEqualTo(303);
      assertThat(followed.get()).isZero();
    } finally {
      redirecting.close().await();
      elsewhere.close().await();
    }
  }

  @Test
  void anAddressOutsideTheAllowListIsStillRefused() {
    Api api = api();

    Api.Answer literal = api.post("/api/v1/webhooks", endpoint("http://10.1.2.3/hooks"));
    Api.Answer resolved = api.post("/api/v1/webhooks", endpoint("https://private.customer.test/hooks"));

    assertThat(literal.code()).isEqualTo("webhook_url_forbidden");
    assertThat(resolved.code()).isEqualTo("webhook_url_forbidden");
  }

  @Test
  void anAllowedAddressWrittenInAnotherFormIsStillRefused() {
    Api api = api();

    Api.Answer answer = api.post("/api/v1/webhooks", endpoint("http://2130706433:8080/hooks"));

    assertThat(answer.code()).isEqualTo("webhook_url_forbidden");
    assertThat(answer.json().getString("message")).contains("four decimal numbers");
  }
}

package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.admin.webhooks.WebhookSigner;
import com.missedcall.admin.webhooks.destination.AllowedNetworks;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private AdminUnderTest admin;
  private Tenants tenants;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    // the receivers listen on 127.0.0.1: allowed here as an operator allows an internal network
    admin = AdminUnderTest.start(db, redis, s -> s.withWebhookAllowedNetworks(AllowedNetworks.parse("127.0.0.0/8")));
    tenants = admin.tenants();
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  /** An agency of its own per test, with a workspace and a number, so deliveries never mix. */
  private record Setup(Tenants.Agency agency, Api api, long workspace, String number) {}

  private Setup setup() {
    Tenants.Agency agency = tenants.agency("Hooks " + System.nanoTime());
    long ws = tenants.workspace(agency, "Hooked Plumbing");
    String number = Tenants.phone();
    tenants.number(agency, ws, number);
    return new Setup(agency, admin.as(agency.key()), ws, number);
  }

  private static JsonObject endpoint(String url, String... events) {
    return new JsonObject().put("url", url).put("events", new JsonArray(List.of((Object[]) events)));
  }

  private JsonArray deliveries(Setup s, long hookId) {
    return s.api().get("/api/v1/webhooks/" + hookId + "/deliveries").data();
  }

  @Test
  void anEndpointsSecretIsShownWhenCreatedAndNeverListed() {
    Setup s = setup();

    Api.Answer created = s.api().post("/api/v1/webhooks", endpoint("https://crm.example.com/hooks", "lead.created"));

    assertThat(created.status()).isEqualTo(201);
    String secret = created.json().getString("secret");
    assertThat(secret).startsWith("whsec_");
    assertThat(s.api().get("/api/v1/webhooks").text()).doesNotContain(secret)
        .contains(secret.substring(secret.length() - 4));
    assertThat(s.api().get("/api/v1/webhooks/" + created.json().getLong("id")).text()).doesNotContain(secret);
  }

  @Test
  void aNewLeadIsDeliveredSignedWithTheEndpointsSecret() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      JsonObject created = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.created")).json();
      String secret = created.getString("secret");
      String caller = Tenants.phone();

      tenants.missedCall(s.agency(), s.workspace(), caller, s.number());

      admin.settled().webhooksTo(created.getLong("id"));
      assertThat(receiver.of("lead.created")).hasSize(1);
      WebhookReceiver.Received hook = receiver.of("lead.created").get(0);
      String signature = hook.headers().get(WebhookSigner.HEADER);
      String t = signature.substring(2, signature.indexOf(','));
      assertThat(signature).isEqualTo("t=" + t + ",v1=" + WebhookSigner.hmac(secret, t + "." + hook.body()));
      assertThat(Math.abs(Long.parseLong(t) - System.currentTimeMillis() / 1000)).isLessThan(60);
      JsonObject event = hook.json();
      assertThat(event.getString("type")).isEqualTo("lead.created");
      assertThat(event.getLong("workspace_id")).isEqualTo(s.workspace());
      assertThat(event.getJsonObject("data").getString("caller")).isEqualTo(caller);
      assertThat(hook.headers().get("X-Mcr-Event-Id")).isEqualTo(event.getString("id"));
    }
  }

  @Test
  void aFailedDeliveryIsRetriedAndEveryAttemptIsVisible() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx()).answer(500)) {
      long hook = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.created")).json().getLong("id");

      tenants.missedCall(s.agency(), s.workspace(), Tenants.phone(), s.number());

      admin.settled().webhooksTo(hook);
      JsonObject delivery = deliveries(s, hook).getJsonObject(0);
      assertThat(delivery.getString("status")).isEqualTo("delivered");
      assertThat(delivery.getInteger("attempts")).isEqualTo(2);
      assertThat(delivery.getJsonArray("attempt_log").stream().map(a -> ((JsonObject) a).getInteger("status_code")))
          .containsExactly(500, 200);
      assertThat(receiver.received()).hasSize(2);
    }
  }

  @Test
  void aDeliveryIsGivenUpAfterTheLastAttempt() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx()).answer(503, 503, 503, 503)) {
      long hook = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.created")).json().getLong("id");

      tenants.missedCall(s.agency(), s.workspace(), Tenants.phone(), s.number());

      admin.settled().webhooksTo(hook);
      JsonObject delivery = deliveries(s, hook).getJsonObject(0);
      assertThat(delivery.getString("status")).isEqualTo("failed");
      assertThat(delivery.getInteger("attempts")).isEqualTo(3);
      assertThat(receiver.received()).hasSize(3);
      assertThat(delivery.getString("last_error")).isEqualTo("HTTP 503");
      assertThat(s.api().get("/api/v1/webhooks/" + hook + "/deliveries?status=failed").data()).hasSize(1);
    }
  }

  @Test
  void anEndpointOnlyGetsTheEventsItSubscribedTo() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      long hook = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.updated")).json().getLong("id");
      String caller = Tenants.phone();

      tenants.missedCall(s.agency(), s.workspace(), caller, s.number());
      tenants.missedCall(s.agency(), s.workspace(), caller, s.number());

      admin.settled().webhooksTo(hook);
      assertThat(receiver.of("lead.updated")).hasSize(1);
      assertThat(receiver.of("lead.created")).isEmpty();
      assertThat(receiver.of("lead.updated").get(0).json().getJsonObject("data").getInteger("call_count")).isEqualTo(2);
      assertThat(deliveries(s, hook)).hasSize(1);
    }
  }

  @Test
  void aStageChangedThroughTheApiIsDeliveredAsLeadUpdated() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      long lead = tenants.missedCall(s.agency(), s.workspace(), Tenants.phone(), s.number()).leadId();
      s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.updated"));

      s.api().patch("/api/v1/leads/" + lead, new JsonObject().put("stage", "won"));

      await().atMost(WAIT).until(() -> receiver.of("lead.updated").size() == 1);
      assertThat(receiver.of("lead.updated").get(0).json().getJsonObject("data").getString("stage")).isEqualTo("won");
    }
  }

  @Test
  void anInboundTextIsDeliveredAsMessageReceivedWithItsConversation() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      String caller = Tenants.phone();
      tenants.missedCall(s.agency(), s.workspace(), caller, s.number());
      s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "message.received"));

      tenants.queryString("SELECT outcome FROM inbound_sms_receive(?, ?, ?, ?, 'Need a plumber', 'SM' || md5(random()::text), "
          + "1, NULL, NULL)", s.workspace(), s.agency().accountSid(), s.number(), caller);

      await().atMost(WAIT).until(() -> receiver.of("message.received").size() == 1);
      JsonObject data = receiver.of("message.received").get(0).json().getJsonObject("data");
      assertThat(data.getString("body")).isEqualTo("Need a plumber");
      assertThat(data.getLong("conversation_id")).isNotNull();
      assertThat(data.getLong("lead_id")).isNotNull();
    }
  }

  @Test
  void aTextThatFailedIsDeliveredAsSmsFailed() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      String caller = Tenants.phone();
      tenants.missedCall(s.agency(), s.workspace(), caller, s.number());
      s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "sms.failed"));

      tenants.execute("UPDATE messages SET status = 'failed', error_code = 30006 WHERE to_number = '" + caller + "'");

      await().atMost(WAIT).until(() -> receiver.of("sms.failed").size() == 1);
      assertThat(receiver.of("sms.failed").get(0).json().getJsonObject("data").getInteger("error_code")).isEqualTo(30006);
    }
  }

  @Test
  void aTestEventIsSentAtOnceAndRecorded() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      long hook = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.created")).json().getLong("id");

      Api.Answer answer = s.api().post("/api/v1/webhooks/" + hook + "/test", null);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().getString("status")).isEqualTo("delivered");
      assertThat(answer.json().getString("event_type")).isEqualTo("webhook.test");
      assertThat(receiver.of("webhook.test")).hasSize(1);
    }
  }

  @Test
  void aTestToAnUnreachableEndpointSaysWhyItFailed() {
    Setup s = setup();
    long hook = s.api().post("/api/v1/webhooks", endpoint("http://127.0.0.1:1/nothing", "lead.created")).json().getLong("id");

    JsonObject delivery = s.api().post("/api/v1/webhooks/" + hook + "/test", null).json();

    assertThat(delivery.getString("status")).isEqualTo("failed");
    assertThat(delivery.getString("last_error")).isNotBlank();
    assertThat(delivery.getJsonArray("attempt_log")).hasSize(1);
  }

  @Test
  void aRotatedSecretSignsTheNextDeliveries() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      long hook = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.created")).json().getLong("id");

      String secret = s.api().post("/api/v1/webhooks/" + hook + "/rotate-secret", null).json().getString("secret");
      s.api().post("/api/v1/webhooks/" + hook + "/test", null);

      WebhookReceiver.Received test = receiver.of("webhook.test").get(0);
      String signature = test.headers().get(WebhookSigner.HEADER);
      String t = signature.substring(2, signature.indexOf(','));
      assertThat(signature).endsWith("v1=" + WebhookSigner.hmac(secret, t + "." + test.body()));
    }
  }

  @Test
  void aPausedOrDeletedEndpointGetsNothing() {
    Setup s = setup();
    try (WebhookReceiver receiver = WebhookReceiver.start(admin.vertx())) {
      long paused = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.created")).json().getLong("id");
      long deleted = s.api().post("/api/v1/webhooks", endpoint(receiver.url(), "lead.created")).json().getLong("id");

      Api.Answer pause = s.api().patch("/api/v1/webhooks/" + paused, new JsonObject().put("active", false));
      Api.Answer delete = s.api().delete("/api/v1/webhooks/" + deleted);
      tenants.missedCall(s.agency(), s.workspace(), Tenants.phone(), s.number());

      assertThat(pause.json().getBoolean("active")).isFalse();
      assertThat(delete.status()).isEqualTo(204);
      assertThat(s.api().get("/api/v1/webhooks/" + deleted).status()).isEqualTo(404);
      assertThat(tenants.queryLong("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id IN (?, ?)", paused, deleted))
          .isZero();
    }
  }

  @Test
  void anEndpointsEventsAndUrlCanBeChanged() {
    Setup s = setup();
    long hook = s.api().post("/api/v1/webhooks", endpoint("https://a.example.com/h", "lead.created")).json().getLong("id");

    JsonObject changed = s.api().patch("/api/v1/webhooks/" + hook, new JsonObject().put("url", "https://b.example.com/h")
        .put("events", new JsonArray().add("sms.failed").add("message.received"))).json();

    assertThat(changed.getString("url")).isEqualTo("https://b.example.com/h");
    assertThat(changed.getJsonArray("events")).containsExactly("sms.failed", "message.received");
  }

  @Test
  void anEndpointCanSubscribeToCallbackRequested() {
    Setup s = setup();

    Api.Answer created = s.api().post("/api/v1/webhooks", endpoint("https://a.example.com/h", "callback.requested"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getJsonArray("events")).containsExactly("callback.requested");
  }

  @Test
  void badEndpointsAreRefusedByTheContract() {
    Setup s = setup();

    assertThat(s.api().post("/api/v1/webhooks", endpoint("ftp://example.com", "lead.created")).status()).isEqualTo(400);
    assertThat(s.api().post("/api/v1/webhooks", endpoint("https://example.com")).status()).isEqualTo(400);
    assertThat(s.api().post("/api/v1/webhooks", endpoint("https://example.com", "lead.deleted")).status()).isEqualTo(400);
  }

  @Test
  void everyOperationOnAMissingEndpointAnswers404() {
    Api api = setup().api();
    String path = "/api/v1/webhooks/987654";

    assertThat(api.get(path).code()).isEqualTo("webhook_not_found");
    assertThat(api.patch(path, new JsonObject().put("active", false)).code()).isEqualTo("webhook_not_found");
    assertThat(api.delete(path).code()).isEqualTo("webhook_not_found");
    assertThat(api.post(path + "/test", null).code()).isEqualTo("webhook_not_found");
    assertThat(api.post(path + "/rotate-secret", null).code()).isEqualTo("webhook_not_found");
    assertThat(api.get(path + "/deliveries").code()).isEqualTo("webhook_not_found");
  }
}

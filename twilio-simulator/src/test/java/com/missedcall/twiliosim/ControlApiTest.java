package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.FROM;
import static com.missedcall.twiliosim.TwilioApiClient.TOKEN;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static com.missedcall.twiliosim.TwilioApiClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ControlApiTest {

  private TwilioSimulator simulator;
  private TwilioApiClient api;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
  }

  @Test
  void statsCountMessagesDistinctRecipientBodiesAndRequests() {
    api.sendOk(CALLER, "hi");
    api.sendOk(CALLER, "hi");
    api.sendOk("+15550002222", "hi");
    await(api.createMessage(form("To", CALLER, "From", FROM)));

    JsonObject stats = await(api.raw(HttpMethod.GET, "/_sim/stats").send()).bodyAsJsonObject();

    assertThat(stats).isEqualTo(new JsonObject().put("messages", 3).put("distinctRecipientBodies", 2).put("requests", 4));
  }

  @Test
  void messagesAreListedOldestFirstAndFilteredByTo() {
    api.sendOk(CALLER, "first");
    api.sendOk("+15550002222", "other");
    api.sendOk(CALLER, "second");

    JsonArray all = await(api.raw(HttpMethod.GET, "/_sim/messages").send()).bodyAsJsonArray();
    JsonArray mine = await(api.raw(HttpMethod.GET, "/_sim/messages").addQueryParam("to", CALLER).send())
        .bodyAsJsonArray();

    assertThat(all).hasSize(3);
    assertThat(mine.stream().map(m -> ((JsonObject) m).getString("body"))).containsExactly("first", "second");
    JsonObject first = mine.getJsonObject(0);
    assertThat(first.getString("sid")).matches("SM[0-9a-f]{32}");
    assertThat(first.getString("from")).isEqualTo(FROM);
    assertThat(first.getInteger("segments")).isEqualTo(1);
    assertThat(first.getString("acceptedAt")).isNotBlank();
  }

  @Test
  void deletingMessagesResetsTheSimulator() {
    api.sendOk(CALLER, "hi");
    simulator.faults().failNext(1, Fault.status(500, 20500));

    assertThat(await(api.raw(HttpMethod.DELETE, "/_sim/messages").send()).statusCode()).isEqualTo(204);

    assertThat(simulator.messages()).isEmpty();
    assertThat(await(api.send(CALLER, "hi")).statusCode()).isEqualTo(201);
  }

  @Test
  void aFailNextFaultCanBeSetAndCleared() {
    postJson("/_sim/faults", new JsonObject().put("failNext", new JsonObject().put("count", 2).put("status", 503).put("code", 20503)));

    HttpResponse<Buffer> faulted = await(api.send(CALLER, "hi"));
    postJson("/_sim/faults", new JsonObject().put("clear", true));

    assertThat(faulted.statusCode()).isEqualTo(503);
    assertThat(faulted.bodyAsJsonObject().getInteger("code")).isEqualTo(20503);
    assertThat(await(api.send(CALLER, "hi")).statusCode()).isEqualTo(201);
  }

  @Test
  void aDropAfterAcceptFaultCanBeSetByKind() {
    postJson("/_sim/faults", new JsonObject().put("failNext", new JsonObject().put("count", 1).put("kind", "dropAfterAccept")));

    assertThat(TwilioApiClient.failureOf(api.send(CALLER, "hi"))).isNotNull();
    assertThat(simulator.messages()).hasSize(1);
  }

  @Test
  void aRecipientRejectionCanBeSet() {
    postJson("/_sim/faults", new JsonObject().put("rejectRecipient",
        new JsonObject().put("to", CALLER).put("status", 400).put("code", 21610).put("message", "unsubscribed")));

    assertThat(await(api.send(CALLER, "hi")).bodyAsJsonObject().getInteger("code")).isEqualTo(21610);
  }

  @Test
  void anUnknownFaultKindIsABadRequest() {
    HttpResponse<Buffer> response = postJson("/_sim/faults",
        new JsonObject().put("failNext", new JsonObject().put("kind", "meteor")));

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void anAccountAddedOverHttpCanSend() {
    String account = "AC" + "b".repeat(32);
    assertThat(postJson("/_sim/accounts", new JsonObject().put("accountSid", account).put("authToken", "t0k3n"))
        .statusCode()).isEqualTo(204);

    HttpResponse<Buffer> response = await(api.raw(HttpMethod.POST, "/2010-04-01/Accounts/" + account + "/Messages.json")
        .basicAuthentication(account, "t0k3n")
        .sendForm(form("To", CALLER, "From", FROM, "Body", "hi")));

    assertThat(response.statusCode()).isEqualTo(201);
  }

  @Test
  void aWebhookFiredOverHttpArrivesSignedAndReportsTheAnswer(Vertx vertx) {
    WebhookReceiver gateway = WebhookReceiver.start(vertx, TOKEN);

    JsonObject result = postJson("/_sim/webhooks", new JsonObject()
        .put("url", gateway.url("/twilio/voice/incoming"))
        .put("authToken", TOKEN)
        .put("params", new JsonObject().put("CallSid", "CA1").put("From", CALLER).put("SequenceNumber", 3)))
        .bodyAsJsonObject();

    assertThat(result).isEqualTo(new JsonObject().put("status", 200).put("body", "<Response/>"));
    assertThat(gateway.received()).singleElement().satisfies(received -> {
      assertThat(received.signatureValid()).isTrue();
      assertThat(received.params()).containsEntry("SequenceNumber", "3");
    });
  }

  private HttpResponse<Buffer> postJson(String path, JsonObject body) {
    return await(api.raw(HttpMethod.POST, path).sendJsonObject(body));
  }
}

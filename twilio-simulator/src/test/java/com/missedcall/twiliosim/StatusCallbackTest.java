package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.FROM;
import static com.missedcall.twiliosim.TwilioApiClient.TOKEN;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static com.missedcall.twiliosim.TwilioApiClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.twiliosim.WebhookReceiver.Received;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StatusCallbackTest {

  private TwilioSimulator simulator;
  private TwilioApiClient api;
  private WebhookReceiver gateway;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions().autoStatusCallbacks(true));
    api = new TwilioApiClient(vertx, simulator);
    gateway = WebhookReceiver.start(vertx, TOKEN);
  }

  @Test
  void sentThenDeliveredCallbacksArriveSignedWithTwilioParameters() {
    String sid = send(gateway.url("/twilio/sms/status")).getString("sid");

    List<Received> callbacks = await(gateway.awaitRequests(2));

    assertThat(callbacks).extracting(r -> r.params().get("MessageStatus")).containsExactly("sent", "delivered");
    assertThat(callbacks).allSatisfy(callback -> {
      assertThat(callback.signatureValid()).as("signature valid").isTrue();
      assertThat(callback.contentType()).startsWith("application/x-www-form-urlencoded");
      assertThat(callback.params())
          .containsEntry("MessageSid", sid)
          .containsEntry("SmsSid", sid)
          .containsEntry("SmsStatus", callback.params().get("MessageStatus"))
          .containsEntry("AccountSid", ACCOUNT)
          .containsEntry("From", FROM)
          .containsEntry("To", CALLER)
          .containsEntry("ApiVersion", "2010-04-01");
    });
  }

  @Test
  void aFailedDeliveryIsReportedUndeliveredWithItsErrorCodeAfterSent() {
    simulator.faults().failDelivery(CALLER, "undelivered", 30006);
    String sid = send(gateway.url("/twilio/sms/status")).getString("sid");

    List<Received> callbacks = await(gateway.awaitRequests(2));

    assertThat(callbacks).extracting(r -> r.params().get("MessageStatus")).containsExactly("sent", "undelivered");
    assertThat(callbacks.get(0).params()).doesNotContainKey("ErrorCode");
    assertThat(callbacks.get(1).params()).containsEntry("ErrorCode", "30006").containsEntry("MessageSid", sid);
    assertThat(callbacks.get(1).signatureValid()).isTrue();
  }

  @Test
  void theCreateAnswerCanReportAnUnexpectedStatus() {
    simulator.faults().answerCreateWith("received");

    assertThat(send(gateway.url("/twilio/sms/status")).getString("status")).isEqualTo("received");
  }

  @Test
  void theConnectionOverrideFragmentIsNeitherSentNorSigned() {
    send(gateway.url("/twilio/sms/status?tenant=7#rc=3&rp=ct,rt,5xx"));

    List<Received> callbacks = await(gateway.awaitRequests(2));

    assertThat(callbacks).allSatisfy(callback -> {
      assertThat(callback.uri()).isEqualTo("/twilio/sms/status?tenant=7");
      assertThat(callback.signatureValid()).isTrue();
    });
  }

  @Test
  void a5xxAnswerIsRetriedWithTheSameIdempotencyTokenWhenTheFragmentAllowsIt() {
    gateway.answerWith(500, 503);
    send(gateway.url("/status#rc=3&rp=5xx"));

    List<Received> callbacks = await(gateway.awaitRequests(4));

    assertThat(callbacks).extracting(r -> r.params().get("MessageStatus"))
        .containsExactly("sent", "sent", "sent", "delivered");
    assertThat(callbacks.subList(0, 3)).extracting(Received::idempotencyToken).containsOnly(callbacks.get(0).idempotencyToken());
    assertThat(callbacks.get(3).idempotencyToken()).isNotEqualTo(callbacks.get(0).idempotencyToken());
  }

  @Test
  void withoutAFragmentA5xxAnswerIsNotRetried() {
    gateway.answerWith(500);
    send(gateway.url("/status"));

    List<Received> callbacks = await(gateway.awaitRequests(2));

    assertThat(callbacks).extracting(r -> r.params().get("MessageStatus")).containsExactly("sent", "delivered");
  }

  @Test
  void theFetchedMessageShowsItsDeliveredStatus() {
    String sid = send(gateway.url("/status")).getString("sid");
    await(gateway.awaitRequests(2));

    JsonObject fetched = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + ".json").send())
        .bodyAsJsonObject();

    assertThat(fetched.getString("status")).isEqualTo("delivered");
  }

  @Test
  void statusCallbacksSwitchedOffThroughTheControlApiAreNotSentUntilSwitchedOnAgain(Vertx vertx) {
    JsonObject off = await(api.raw(io.vertx.core.http.HttpMethod.POST, "/_sim/settings")
        .sendJsonObject(new JsonObject().put("autoStatusCallbacks", false))).bodyAsJsonObject();
    send(gateway.url("/twilio/sms/status"));
    await(vertx.timer(300));
    List<Received> whileOff = gateway.received();
    await(api.raw(io.vertx.core.http.HttpMethod.POST, "/_sim/settings")
        .sendJsonObject(new JsonObject().put("autoStatusCallbacks", true)));
    send(gateway.url("/twilio/sms/status"));

    assertThat(off.getBoolean("autoStatusCallbacks")).isFalse();
    assertThat(whileOff).isEmpty();
    assertThat(await(gateway.awaitRequests(2))).hasSize(2);
  }

  @Test
  void aSettingThatIsNotABooleanIsRefusedAndChangesNothing() {
    int status = await(api.raw(io.vertx.core.http.HttpMethod.POST, "/_sim/settings")
        .sendJsonObject(new JsonObject().put("autoStatusCallbacks", "no"))).statusCode();

    assertThat(status).isEqualTo(400);
    assertThat(simulatorSettings().getBoolean("autoStatusCallbacks")).isTrue();
  }

  private JsonObject simulatorSettings() {
    return await(api.raw(io.vertx.core.http.HttpMethod.POST, "/_sim/settings").sendJsonObject(new JsonObject()))
        .bodyAsJsonObject();
  }

  private JsonObject send(String statusCallback) {
    return await(api.createMessage(form("To", CALLER, "From", FROM, "Body", "hi", "StatusCallback", statusCallback)))
        .bodyAsJsonObject();
  }
}

package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.FakeVoiceGateway.response;
import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.TOKEN;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Calls API placing a call from a verified caller ID to one of the account's own numbers (a test call): Twilio's
 * caller-ID rule, and the call coming in at the number's Voice URL as that caller's call.
 */
@ExtendWith(VertxExtension.class)
class CallsToOwnNumbersTest {
  private static final String TRACKED = "+15550102030";
  private static final String OWNER_MOBILE = "+15557770001";
  private static final String OTHER_ACCOUNT = "AC" + "fedcba9876543210".repeat(2);

  private TwilioSimulator simulator;
  private TwilioApiClient api;
  private FakeVoiceGateway gateway;
  private final List<Map<String, String>> incoming = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> statuses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
    gateway = FakeVoiceGateway.start(vertx, TOKEN);
    gateway.on("/voice/incoming", p -> {
      incoming.add(p);
      return response("<Dial action=\"/voice/dial\" timeout=\"20\"><Number>+15550001111</Number></Dial>");
    }).on("/voice/dial", p -> response("<Say>Sorry we missed you.</Say>", "<Hangup/>"))
        .on("/voice/status", p -> {
          statuses.add(p);
          return null;
        });
    simulator.routeNumber(TRACKED, gateway.url("/voice/incoming"), gateway.url("/voice/status"));
  }

  /** Polls on the test thread (the simulator runs on its own event loop) for up to 10 s. */
  private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(20);
    }
  }

  private HttpResponse<Buffer> placeCall(String from) {
    return await(api.raw(HttpMethod.POST, "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json")
        .basicAuthentication(ACCOUNT, TOKEN)
        .sendForm(TwilioApiClient.form("To", TRACKED, "From", from,
            "Twiml", "<Response><Pause length=\"20\"/></Response>")));
  }

  @Test
  void aCallFromAVerifiedCallerIdToARoutedNumberComesInThereAsThatCallersUnansweredCall() throws Exception {
    simulator.verifyCallerId(ACCOUNT, OWNER_MOBILE);

    HttpResponse<Buffer> created = placeCall(OWNER_MOBILE);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("direction")).isEqualTo("outbound-api");
    until(() -> !statuses.isEmpty());
    Map<String, String> call = incoming.get(0);
    assertThat(call.get("From")).isEqualTo(OWNER_MOBILE);
    assertThat(call.get("To")).isEqualTo(TRACKED);
    assertThat(call.get("Direction")).isEqualTo("inbound");
    JsonObject leg = simulator.voiceCalls().whenEnded(call.get("CallSid")).await(10, TimeUnit.SECONDS);
    assertThat(leg.getJsonArray("requests").getJsonObject(1).getJsonObject("params").getString("DialCallStatus"))
        .isEqualTo("no-answer");
    assertThat(statuses.get(0).get("CallSid")).isEqualTo(call.get("CallSid"));
    assertThat(gateway.badSignatures()).isZero();
  }

  @Test
  void aCallFromAPhoneVerifiedOnlyByAnotherAccountIsRefusedWithTwiliosCode21210() {
    simulator.addAccount(OTHER_ACCOUNT, "other-token").verifyCallerId(OTHER_ACCOUNT, OWNER_MOBILE);

    HttpResponse<Buffer> refused = placeCall(OWNER_MOBILE);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getInteger("code")).isEqualTo(21210);
    assertThat(incoming).isEmpty();
  }

  @Test
  void aCallFromANumberPlacedOnAnotherAccountIsRefusedWithTwiliosCode21210() {
    simulator.addAccount(OTHER_ACCOUNT, "other-token").placeNumber(OTHER_ACCOUNT, "+15557770002");

    assertThat(placeCall("+15557770002").bodyAsJsonObject().getInteger("code")).isEqualTo(21210);
  }

  @Test
  void theVerifiedCallerIdsListShowsAVerifiedPhoneAndNotAnother() {
    simulator.verifyCallerId(ACCOUNT, OWNER_MOBILE);

    JsonObject verified = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/OutgoingCallerIds.json?PhoneNumber="
        + "%2B15557770001").send()).bodyAsJsonObject();
    JsonObject other = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/OutgoingCallerIds.json?PhoneNumber="
        + "%2B15557770009").send()).bodyAsJsonObject();

    assertThat(verified.getJsonArray("outgoing_caller_ids")).singleElement()
        .satisfies(o -> assertThat(((JsonObject) o).getString("phone_number")).isEqualTo(OWNER_MOBILE));
    assertThat(other.getJsonArray("outgoing_caller_ids")).isEmpty();
  }

  @Test
  void aCallerIdVerifiedThroughTheControlApiIsListed() {
    await(api.raw(HttpMethod.POST, "/_sim/caller-ids").sendJsonObject(new JsonObject().put("accountSid", ACCOUNT)
        .put("phoneNumber", OWNER_MOBILE)));

    JsonObject listed = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/OutgoingCallerIds.json?PhoneNumber="
        + "%2B15557770001").send()).bodyAsJsonObject();

    assertThat(listed.getJsonArray("outgoing_caller_ids")).hasSize(1);
  }
}

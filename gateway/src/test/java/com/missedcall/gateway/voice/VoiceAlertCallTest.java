package com.missedcall.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.gateway.support.VoiceCallers;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.Fault;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outbound alert calls for emergencies captured by voice: a durable job per voice call and alert number, written
 * with the urgent alert, placed through the simulator's Calls API, retried, and never placed twice. Exactly-once
 * checks count the calls the simulator created only after every alert-call job is terminal and past its lease.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceAlertCallTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonObject EMERGENCY = VoiceCallers.saying("There is a burst pipe, water everywhere",
      "7 River Lane", "Right away", "Now");
  private TestDatabase db;
  private GatewayUnderTest gw;
  private VoiceCallers callers;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
    callers = new VoiceCallers(gw, db);
  }

  @AfterEach
  void clearFaults() {
    gw.simulator().faults().clear();
  }

  @AfterAll
  void stop() {
    callers.close();
    gw.close();
  }

  private TestTenant.Created alertingTenant(String name, String... alertNumbers) {
    TestTenant.Created t = callers.voiceTenant(name);
    callers.update("UPDATE workspaces SET voice_alert_calls = true WHERE id = " + t.workspaceId());
    for (String n : alertNumbers) {
      callers.notificationNumber(t, "voice_alert", n);
    }
    return t;
  }

  /** Every alert-call job of the workspace terminal and past its lease: nothing can place another call. */
  private void settled(TestTenant.Created t) {
    gw.settled(db).jobs("SELECT id FROM jobs WHERE kind = 'voice_alert_call' AND workspace_id = ?", t.workspaceId());
  }

  private String alertColumn(String column, String to) {
    return db.queryString("SELECT " + column + "::text FROM voice_alert_calls WHERE to_number = ?", to);
  }

  private List<JsonObject> outboundCallsTo(String phone) {
    return callers.simulatedCalls().stream().map(JsonObject.class::cast)
        .filter(c -> phone.equals(c.getString("to")) && "outbound-api".equals(c.getString("direction"))).toList();
  }

  @Test
  void anEmergencyCapturedByVoiceRingsEachVoiceAlertNumberExactlyOnce() {
    String first = TestTenant.randomNumber();
    String second = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Burst Plumbing", first, second);

    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();

    await().atMost(WAIT).until(() -> "placed".equals(alertColumn("status", first))
        && "placed".equals(alertColumn("status", second)));
    settled(t);
    assertThat(gw.simulator().outboundCallsTo(first)).isEqualTo(1);
    assertThat(gw.simulator().outboundCallsTo(second)).isEqualTo(1);
    assertThat(alertColumn("twilio_call_sid", first)).isEqualTo(outboundCallsTo(first).get(0).getString("callSid"));
    assertThat(alertColumn("from_number", first)).isEqualTo(t.number());
  }

  @Test
  void theAlertCallReadsTheEmergencysSummaryFromTheSignedRoute() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Reading Plumbing", alerts);

    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();

    await().atMost(WAIT).until(() -> outboundCallsTo(alerts).stream().anyMatch(c -> c.getString("endedBy") != null));
    JsonObject call = outboundCallsTo(alerts).get(0);
    JsonObject answer = call.getJsonArray("requests").getJsonObject(0);
    assertThat(answer.getString("url")).isEqualTo(gw.url("/twilio/voice/alert-call?a=" + alertColumn("id", alerts)));
    assertThat(answer.getInteger("status")).isEqualTo(200);
    assertThat(call.getJsonArray("transcript").getJsonObject(0).getString("text"))
        .contains("Reading Plumbing").contains("burst pipe").contains("call them back");
    assertThat(call.getString("endedBy")).isEqualTo("hangup");
  }

  @Test
  void howTheAlertCallEndedIsRecordedFromItsStatusCallbackAndListedWithTheLeadsVoiceCall() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Answered Plumbing", alerts);
    String caller = TestTenant.randomNumber();
    String key = apiKey(t);

    callers.call(t, caller, EMERGENCY).await();

    await().atMost(WAIT).until(() -> alertColumn("call_status", alerts) != null);
    assertThat(alertColumn("call_status", alerts)).isEqualTo("completed");
    long lead = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(), caller);
    JsonObject listed = adminGet("/api/v1/leads/" + lead + "/voice-calls", key).getJsonArray("data").getJsonObject(0)
        .getJsonArray("alert_calls").getJsonObject(0);
    assertThat(listed.getString("to")).isEqualTo(alerts);
    assertThat(listed.getString("status")).isEqualTo("placed");
    assertThat(listed.getString("call_status")).isEqualTo("completed");
  }

  private String apiKey(TestTenant.Created t) {
    com.missedcall.admin.auth.ApiKeys.NewKey k = com.missedcall.admin.auth.ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        t.agencyId(), "alert call test", k.displayPrefix(), k.hash());
    return k.key();
  }

  private JsonObject adminGet(String path, String key) {
    var response = io.vertx.ext.web.client.WebClient.create(gw.clientVertx()).getAbs(gw.url(path))
        .bearerTokenAuthentication(key).send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  void anAlertCallThatTwilioRefusesOnceIsRetriedAndPlacedOnce() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Retry Alert Plumbing", alerts);
    gw.simulator().faults().failNextCalls(1, Fault.status(500, 20500));

    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();

    await().atMost(WAIT).until(() -> "placed".equals(alertColumn("status", alerts)));
    settled(t);
    assertThat(alertColumn("attempts", alerts)).isEqualTo("2");
    assertThat(gw.simulator().outboundCallsTo(alerts)).isEqualTo(1);
  }

  @Test
  void anAlertCallWhoseAnswerWasLostIsFoundAtTwilioAndNotPlacedAgain() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Lost Answer Plumbing", alerts);
    gw.simulator().faults().failNextCalls(1, Fault.dropAfterAccept());

    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();

    await().atMost(WAIT).until(() -> "placed".equals(alertColumn("status", alerts)));
    settled(t);
    assertThat(gw.simulator().outboundCallsTo(alerts)).isEqualTo(1);
    assertThat(alertColumn("attempts", alerts)).isEqualTo("1");
    assertThat(alertColumn("twilio_call_sid", alerts)).isEqualTo(outboundCallsTo(alerts).get(0).getString("callSid"));
  }

  @Test
  void anAlertCallTwilioRejectsIsFailedWithItsErrorAndNotRetried() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Rejected Alert Plumbing", alerts);
    gw.simulator().faults().failNextCalls(5, Fault.status(400, 21215, "Geo permissions do not allow this call"));

    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();

    await().atMost(WAIT).until(() -> "failed".equals(alertColumn("status", alerts)));
    settled(t);
    assertThat(alertColumn("attempts", alerts)).isEqualTo("1");
    assertThat(alertColumn("last_error", alerts)).contains("400").contains("21215");
    assertThat(gw.simulator().outboundCallsTo(alerts)).isZero();
  }

  @Test
  void withAlertCallsOffByDefaultAnEmergencyIsTextedButNobodyIsRung() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = callers.voiceTenant("Text Only Plumbing");
    callers.notificationNumber(t, "voice_alert", alerts);

    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();

    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(alerts).stream()
        .anyMatch(m -> m.body().startsWith("URGENT")));
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(db.queryLong("SELECT count(*) FROM voice_alert_calls WHERE workspace_id = ?", t.workspaceId())).isZero();
    assertThat(gw.simulator().outboundCallsTo(alerts)).isZero();
  }

  @Test
  void theAlertCallRouteAnswersAnotherAccountWithAHangUpAndNoSummary() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Private Plumbing", alerts);
    TestTenant.Created other = gw.register(TestTenant.in(db).named("Nosy Plumbing").create());
    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();
    await().atMost(WAIT).until(() -> alertColumn("id", alerts) != null);
    Map<String, String> params = Map.of("AccountSid", other.accountSid(), "CallSid", "CA" + "0".repeat(32),
        "From", other.number(), "To", alerts, "Direction", "outbound-api", "CallStatus", "in-progress");

    WebhookResponse answer = gw.post("/twilio/voice/alert-call?a=" + alertColumn("id", alerts), params,
        other.authToken()).await();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("<Hangup/>").doesNotContain("burst pipe");
  }

  @Test
  void theAlertCallRouteRefusesARequestNotSignedByTheAccount() {
    String alerts = TestTenant.randomNumber();
    TestTenant.Created t = alertingTenant("Signed Plumbing", alerts);
    callers.call(t, TestTenant.randomNumber(), EMERGENCY).await();
    await().atMost(WAIT).until(() -> alertColumn("id", alerts) != null);
    Map<String, String> params = Map.of("AccountSid", t.accountSid(), "CallSid", "CA" + "0".repeat(32),
        "From", t.number(), "To", alerts, "Direction", "outbound-api", "CallStatus", "in-progress");

    WebhookResponse answer = gw.post("/twilio/voice/alert-call?a=" + alertColumn("id", alerts), params,
        "not-the-auth-token").await();

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).doesNotContain("burst pipe");
  }
}

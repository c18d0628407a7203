package com.missedcall.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.FakeChatModel;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.gateway.support.VoiceCallers;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceModelTurnsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long BUDGET_MS = 700;
  private TestDatabase db;
  private Vertx fakeVertx;
  private FakeChatModel model;
  private GatewayUnderTest gw;
  private VoiceCallers callers;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    fakeVertx = Vertx.vertx();
    model = FakeChatModel.start(fakeVertx);
    gw = GatewayUnderTest.start(db, redis, Map.of(
        "AI_BASE_URL", model.baseUrl(),
        "AI_TIMEOUT_MS", "5000",
        "AI_MAX_RETRIES", "0",
        "VOICE_MODEL_BUDGET_MS", String.valueOf(BUDGET_MS)));
    callers = new VoiceCallers(gw, db);
  }

  @AfterEach
  void resetModel() {
    model.reset();
  }

  @AfterAll
  void stop() {
    callers.close();
    gw.close();
    model.close();
    fakeVertx.close().await();
  }

  @Test
  void theModelAnswersTheTurnsWithShortSpokenSentencesAndTheCallIsRecovered() {
    TestTenant.Created t = callers.voiceTenant("Model Plumbing");
    String caller = TestTenant.randomNumber();
    model.answering(r -> {
      String last = r.messages().getJsonObject(r.messages().size() - 1).getString("content");
      JsonObject json = new JsonObject().put("reply", "Thanks. Could you tell me more? See https://example.com");
      if (last.contains("leaking")) {
        json.put("need", "Leaking water heater").put("reply", "Sorry to hear that. What's the address?");
      } else if (last.contains("Main")) {
        json.put("address", "12 Main Street").put("reply", "How urgent is it?");
      } else if (last.toLowerCase(java.util.Locale.ROOT).contains("today")) {
        json.put("urgency", "today").put("reply", "When should we call you back?");
      } else if (last.contains("pm")) {
        json.put("callback_time", "after 5 pm");
      }
      return json.encode();
    });

    JsonObject record = callers.call(t, caller, VoiceCallers.saying("My water heater is leaking", "12 Main Street",
        "Today please", "After 5 pm")).await();

    String callSid = record.getString("callSid");
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)).isEqualTo("voice_recovered");
    assertThat(db.queryString("SELECT string_agg(source, ',' ORDER BY turn) FROM voice_turns t JOIN voice_calls v "
        + "ON v.id = t.voice_call_id WHERE v.call_sid = ?", callSid)).isEqualTo("greeting,model,model,model,model");
    assertThat(db.queryString("SELECT assistant_words FROM voice_turns t JOIN voice_calls v ON v.id = t.voice_call_id "
        + "WHERE v.call_sid = ? AND turn = 1", callSid)).isEqualTo("Sorry to hear that. What's the address?");
    assertThat(model.requests().get(0).system()).contains("speaking").contains("No lists, no links");
    assertThat(db.queryString("SELECT need FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(), caller))
        .isEqualTo("Leaking water heater");
  }

  @Test
  void aModelThatIsLateIsAnsweredByTheScriptWithinTheBudgetAndTheTeamIsAlertedOnce() {
    TestTenant.Created t = callers.voiceTenant("Slow Plumbing");
    String alerts = TestTenant.randomNumber();
    callers.notificationNumber(t, "voice_alert", alerts);
    String caller = TestTenant.randomNumber();
    model.slow(Duration.ofSeconds(3));

    JsonObject record = callers.call(t, caller, VoiceCallers.saying("My sink is blocked", "3 Pine Road",
        "Not urgent", "Any time")).await();

    String callSid = record.getString("callSid");
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)).isEqualTo("voice_recovered");
    assertThat(db.queryString("SELECT string_agg(source, ',' ORDER BY turn) FROM voice_turns t JOIN voice_calls v "
        + "ON v.id = t.voice_call_id WHERE v.call_sid = ?", callSid))
        .isEqualTo("greeting,fallback,fallback,fallback,fallback");
    // the turn's answer waited for the budget, never for the slow model
    assertThat(db.queryLong("SELECT max(latency_ms) FROM voice_turns t JOIN voice_calls v ON v.id = t.voice_call_id "
        + "WHERE v.call_sid = ? AND turn > 0", callSid)).isLessThan(3_000);
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(alerts).size() >= 1);
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(gw.simulator().messagesTo(alerts)).singleElement()
        .satisfies(m -> assertThat(m.body()).contains("voice assistant"));
  }

  @Test
  void anEmergencyCapturedByVoiceTextsAndRingsTheVoiceAlertNumbersOnce() {
    TestTenant.Created t = callers.voiceTenant("Flood Plumbing");
    callers.update("UPDATE workspaces SET voice_alert_calls = true WHERE id = " + t.workspaceId());
    String alerts = TestTenant.randomNumber();
    callers.notificationNumber(t, "voice_alert", alerts);
    String caller = TestTenant.randomNumber();
    model.failing(500);

    callers.call(t, caller, VoiceCallers.saying("There is a burst pipe, water everywhere", "7 River Lane",
        "Right away")).await();

    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(alerts).stream()
        .anyMatch(m -> m.body().startsWith("URGENT")));
    await().atMost(WAIT).until(() -> outboundCallsTo(alerts) == 1);
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(gw.simulator().messagesTo(alerts).stream().filter(m -> m.body().startsWith("URGENT")).count())
        .isEqualTo(1);
  }

  private long outboundCallsTo(String phone) {
    return callers.simulatedCalls().stream().map(JsonObject.class::cast).filter(c -> phone.equals(c.getString("to"))
        && "outbound-api".equals(c.getString("direction"))).count();
  }
}

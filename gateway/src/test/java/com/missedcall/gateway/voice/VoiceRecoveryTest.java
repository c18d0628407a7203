package com.missedcall.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.gateway.support.VoiceCallers;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.SentMessage;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestDatabase db;
  private GatewayUnderTest gw;
  private VoiceCallers callers;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    this.gw = GatewayUnderTest.start(db, redis, Map.of());
    this.callers = new VoiceCallers(gw, db);
  }

  @AfterAll
  void stop() {
    callers.close();
    gw.close();
  }

  private String callColumn(String column, String callSid) {
    return db.queryString("SELECT " + column + " FROM calls WHERE call_sid = ?", callSid);
  }

  private long count(String sql, Object... args) {
    return db.queryLong(sql, args);
  }

  private List<SentMessage> textsTo(String phone) {
    return gw.simulator().messagesTo(phone);
  }

  private static List<String> said(JsonObject record) {
    List<String> lines = new ArrayList<>();
    record.getJsonArray("transcript").forEach(o -> {
      JsonObject line = (JsonObject) o;
      if ("assistant".equals(line.getString("speaker"))) {
        lines.add(line.getString("text"));
      }
    });
    return lines;
  }

  @Test
  void aDirectModeNoAnswerCallCompletedByVoiceBecomesALeadWithItsFactsAndNoTextBack() {
    TestTenant.Created t = callers.voiceTenant("Ace Plumbing");
    String team = TestTenant.randomNumber();
    callers.notificationNumber(t, "team", team);
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.saying("My water heater is leaking",
        "12 Main Street, Springfield", "Today if possible", "After 5 pm")).await();

    String callSid = record.getString("callSid");
    assertThat(record.getString("endedBy")).isEqualTo("hangup");
    assertThat(said(record).get(0)).contains("Ace Plumbing").contains("automated assistant");
    assertThat(record.getJsonArray("gathers").getJsonObject(0).getJsonObject("attributes").getString("input"))
        .isEqualTo("speech");
    assertThat(callColumn("reason", callSid)).isEqualTo("voice_recovered");
    assertThat(callColumn("channel", callSid)).isEqualTo("voice");
    assertThat(db.queryString("SELECT need || ' | ' || address || ' | ' || urgency FROM leads WHERE workspace_id = ? "
        + "AND caller = ?", t.workspaceId(), caller))
        .isEqualTo("My water heater is leaking | 12 Main Street, Springfield | today");
    assertThat(db.queryString("SELECT callback_time FROM voice_calls WHERE call_sid = ?", callSid)).isEqualTo("After 5 pm");
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1 && textsTo(team).size() == 1);
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(textsTo(caller)).singleElement().satisfies(m -> assertThat(m.body()).contains("water heater"));
    assertThat(textsTo(team)).singleElement().satisfies(m -> assertThat(m.body()).contains("After 5 pm"));
    assertThat(count("SELECT count(*) FROM messages WHERE kind = 'textback' AND to_number = ?", caller)).isZero();
    assertThat(count("SELECT count(*) FROM voice_turns t JOIN voice_calls v ON v.id = t.voice_call_id "
        + "WHERE v.call_sid = ?", callSid)).isEqualTo(5);
  }

  @Test
  void aSilentCallerGetsExactlyOneFallbackTextBackWithTheVoiceReasonOnTheCall() {
    TestTenant.Created t = callers.voiceTenant("Quiet Plumbing");
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.silent()).await();

    String callSid = record.getString("callSid");
    assertThat(callColumn("voice_outcome", callSid)).isEqualTo("voice_no_speech");
    assertThat(callColumn("voice_fallback", callSid)).isEqualTo("textback");
    assertThat(callColumn("reason", callSid)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).hasSize(1);
  }

  @Test
  void aCallerWhoHangsUpAfterTheGreetingGetsOneFallbackTextBack() {
    TestTenant.Created t = callers.voiceTenant("Hasty Plumbing");
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.hangingUpAtTurn(1)).await();

    String callSid = record.getString("callSid");
    assertThat(record.getString("endedBy")).isEqualTo("caller-hangup");
    assertThat(callColumn("voice_outcome", callSid)).isEqualTo("voice_caller_hung_up");
    assertThat(callColumn("reason", callSid)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).hasSize(1);
  }

  @Test
  void anUnverifiedNumberDoesNotRunVoiceAndFallsBackToTheTextBackWithTheReasonRecorded() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("New Plumbing").direct("+15550001111").create());
    callers.enableVoice(t);
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.saying("My sink is blocked")).await();

    String callSid = record.getString("callSid");
    assertThat(record.getJsonArray("gathers")).isEmpty();
    assertThat(callColumn("voice_outcome", callSid)).isEqualTo("voice_not_verified");
    assertThat(callColumn("reason", callSid)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).hasSize(1);
  }

  @Test
  void aWorkspaceWhosePlanLacksVoiceFallsBackWithVoiceNotInPlan() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Starter Plumbing").plan("starter")
        .direct("+15550001111").create());
    callers.enableVoice(t);
    callers.verify(t);
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.saying("My sink is blocked")).await();

    assertThat(callColumn("voice_outcome", record.getString("callSid"))).isEqualTo("voice_not_in_plan");
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
  }

  @Test
  void aRetriedTurnWebhookGetsTheSameTwimlAndWritesNothingTwice() {
    TestTenant.Created t = callers.voiceTenant("Retry Plumbing");
    String caller = TestTenant.randomNumber();
    JsonObject record = callers.call(t, caller, VoiceCallers.saying("My toilet is running", "4 Elm Road")
        .put("hangUpAtTurn", 3)).await();
    JsonObject firstTurn = record.getJsonArray("requests").stream().map(JsonObject.class::cast)
        .filter(r -> "gather".equals(r.getString("kind"))).findFirst().orElseThrow();
    String callSid = record.getString("callSid");
    long turns = count("SELECT count(*) FROM voice_turns t JOIN voice_calls v ON v.id = t.voice_call_id "
        + "WHERE v.call_sid = ?", callSid);
    long events = count("SELECT count(*) FROM conversation_events WHERE kind = 'voice_turn' "
        + "AND detail->>'call_sid' = ?", callSid);
    Map<String, String> params = new LinkedHashMap<>();
    firstTurn.getJsonObject("params").forEach(e -> params.put(e.getKey(), String.valueOf(e.getValue())));

    WebhookResponse retried = gw.post("/twilio/voice/turn?n=1", params, t.authToken()).await();

    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(retried.body()).isEqualTo(firstTurn.getString("body"));
    assertThat(count("SELECT count(*) FROM voice_turns t JOIN voice_calls v ON v.id = t.voice_call_id "
        + "WHERE v.call_sid = ?", callSid)).isEqualTo(turns).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM conversation_events WHERE kind = 'voice_turn' "
        + "AND detail->>'call_sid' = ?", callSid)).isEqualTo(events);
  }

  @Test
  void aRetriedFinalStatusCallbackDecidesNothingAgain() {
    TestTenant.Created t = callers.voiceTenant("Twice Plumbing");
    String caller = TestTenant.randomNumber();
    JsonObject record = callers.call(t, caller, VoiceCallers.silent()).await();
    JsonObject status = record.getJsonArray("requests").stream().map(JsonObject.class::cast)
        .filter(r -> "status-callback".equals(r.getString("kind"))).findFirst().orElseThrow();
    Map<String, String> params = new LinkedHashMap<>();
    status.getJsonObject("params").forEach(e -> params.put(e.getKey(), String.valueOf(e.getValue())));

    WebhookResponse again = gw.post("/twilio/voice/status", params, t.authToken()).await();

    assertThat(again.statusCode()).isEqualTo(204);
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).hasSize(1);
    assertThat(count("SELECT count(*) FROM messages WHERE to_number = ?", caller)).isEqualTo(1);
  }

  @Test
  void twentyConcurrentVoiceCallsEachKeepTheirOwnTranscript() {
    TestTenant.Created t = callers.voiceTenant("Busy Plumbing");
    List<String> phones = new ArrayList<>();
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String caller = TestTenant.randomNumber();
      phones.add(caller);
      calls.add(callers.call(t, caller, VoiceCallers.saying("Need number " + i, i + " Oak Street", "Not urgent",
          "Morning " + i)));
    }
    Future.all(calls).await();

    for (int i = 0; i < 20; i++) {
      String callSid = calls.get(i).result().getString("callSid");
      assertThat(callColumn("reason", callSid)).isEqualTo("voice_recovered");
      JsonArray words = new JsonArray();
      assertThat(db.queryString("SELECT string_agg(caller_words, ' / ' ORDER BY turn) FROM voice_turns t "
          + "JOIN voice_calls v ON v.id = t.voice_call_id WHERE v.call_sid = ?", callSid))
          .isEqualTo("Need number " + i + " / " + i + " Oak Street / Not urgent / Morning " + i);
      assertThat(db.queryString("SELECT need FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(),
          phones.get(i))).isEqualTo("Need number " + i);
    }
  }

  @Test
  void aForwardedCallIsAnsweredByVoiceAtOnceAndRecordsTheVoiceChannel() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Forward Plumbing").create());
    callers.enableVoice(t);
    callers.verify(t);
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.saying("The heating is broken", "9 Birch Avenue",
        "This week", "Tomorrow morning")).await();

    String callSid = record.getString("callSid");
    assertThat(record.getJsonArray("dials")).isEmpty();
    assertThat(said(record).get(0)).contains("Forward Plumbing");
    assertThat(callColumn("reason", callSid)).isEqualTo("voice_recovered");
    assertThat(callColumn("routing_mode", callSid)).isEqualTo("forwarding");
    assertThat(count("SELECT count(*) FROM messages WHERE kind = 'textback' AND to_number = ?", caller)).isZero();
  }

  @Test
  void aSilentCallerIsOfferedAVoicemailWhenThatIsTheFallbackAndItsRecordingAndTranscriptLandOnTheLead() {
    TestTenant.Created t = callers.voiceTenant("Voicemail Plumbing");
    callers.update("UPDATE workspaces SET voice_fallback = 'voicemail', voice_recording_enabled = true WHERE id = "
        + t.workspaceId());
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.silent().put("recording",
        new JsonObject().put("durationSeconds", 7).put("transcription", "Please call me about my boiler"))).await();

    String callSid = record.getString("callSid");
    assertThat(said(record)).anySatisfy(line -> assertThat(line).contains("This call is recorded"));
    assertThat(callColumn("reason", callSid)).isEqualTo("voice_no_speech");
    assertThat(callColumn("channel", callSid)).isEqualTo("voicemail");
    await().atMost(WAIT).until(() -> db.queryString("SELECT transcript FROM voice_calls WHERE call_sid = ?", callSid) != null);
    assertThat(db.queryString("SELECT transcript FROM voice_calls WHERE call_sid = ?", callSid))
        .isEqualTo("Please call me about my boiler");
    assertThat(db.queryString("SELECT recording_url FROM voice_calls WHERE call_sid = ?", callSid)).contains("/Recordings/RE");
    assertThat(count("SELECT count(*) FROM conversation_events e JOIN voice_calls v ON v.conversation_id = e.conversation_id "
        + "WHERE v.call_sid = ? AND e.kind IN ('voicemail', 'voicemail_transcribed')", callSid)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM messages WHERE to_number = ?", caller)).isZero();
  }

  @Test
  void aSilentCallerGetsNoTextWhenTheFallbackIsNothingAndTheCallRecordsVoiceNoSpeech() {
    TestTenant.Created t = callers.voiceTenant("Nothing Plumbing");
    callers.update("UPDATE workspaces SET voice_fallback = 'none' WHERE id = " + t.workspaceId());
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.silent()).await();

    String callSid = record.getString("callSid");
    assertThat(said(record)).last().asString().contains("Please call us again");
    assertThat(callColumn("voice_outcome", callSid)).isEqualTo("voice_no_speech");
    assertThat(callColumn("voice_fallback", callSid)).isEqualTo("none");
    assertThat(callColumn("reason", callSid)).isEqualTo("voice_no_speech");
    assertThat(callColumn("decision", callSid)).isEqualTo("skipped");
    assertThat(count("SELECT count(*) FROM messages WHERE to_number = ?", caller)).isZero();
    assertThat(textsTo(caller)).isEmpty();
  }

  @Test
  void aCallerWhoHangsUpAtTheGreetingGetsNoTextWhenTheFallbackIsNothing() {
    TestTenant.Created t = callers.voiceTenant("Nothing Hasty Plumbing");
    callers.update("UPDATE workspaces SET voice_fallback = 'none' WHERE id = " + t.workspaceId());
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.hangingUpAtTurn(1)).await();

    String callSid = record.getString("callSid");
    assertThat(callColumn("voice_outcome", callSid)).isEqualTo("voice_caller_hung_up");
    assertThat(callColumn("voice_fallback", callSid)).isEqualTo("none");
    assertThat(callColumn("reason", callSid)).isEqualTo("voice_caller_hung_up");
    assertThat(count("SELECT count(*) FROM messages WHERE to_number = ?", caller)).isZero();
    assertThat(textsTo(caller)).isEmpty();
  }

  @Test
  void anUnverifiedNumberWhoseFallbackIsNothingSaysSorryAndSendsNoText() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Nothing New Plumbing").direct("+15550001111").create());
    callers.enableVoice(t);
    callers.update("UPDATE workspaces SET voice_fallback = 'none' WHERE id = " + t.workspaceId());
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.saying("My sink is blocked")).await();

    String callSid = record.getString("callSid");
    assertThat(record.getJsonArray("gathers")).isEmpty();
    assertThat(said(record)).anySatisfy(line -> assertThat(line).contains("couldn't take your call"));
    assertThat(callColumn("voice_outcome", callSid)).isEqualTo("voice_not_verified");
    assertThat(callColumn("voice_fallback", callSid)).isEqualTo("none");
    assertThat(callColumn("reason", callSid)).isEqualTo("voice_not_verified");
    assertThat(count("SELECT count(*) FROM messages WHERE to_number = ?", caller)).isZero();
    assertThat(textsTo(caller)).isEmpty();
  }

  @Test
  void theGlobalSwitchOffFallsBackWithVoiceDisabled() {
    TestTenant.Created t = callers.voiceTenant("Switched Plumbing");
    String caller = TestTenant.randomNumber();
    com.missedcall.gateway.Gateway other = gw.startAnother(Map.of("VOICE_RECOVERY_ENABLED", "false"));
    try {
      String base = "http://127.0.0.1:" + other.config().httpPort();
      JsonObject request = new JsonObject().put("accountSid", t.accountSid()).put("authToken", t.authToken())
          .put("from", caller).put("to", t.number()).put("url", base + "/twilio/voice/incoming")
          .put("statusCallback", base + "/twilio/voice/status").put("script", VoiceCallers.silent()).put("wait", true);
      JsonObject record = io.vertx.ext.web.client.WebClient.create(gw.clientVertx())
          .postAbs(gw.simulator().baseUrl() + "/_sim/calls").sendJsonObject(request).await().bodyAsJsonObject();

      assertThat(callColumn("voice_outcome", record.getString("callSid"))).isEqualTo("voice_disabled");
      assertThat(callColumn("reason", record.getString("callSid"))).isEqualTo("texted");
    } finally {
      other.stop().await();
    }
  }
}

package com.missedcall.admin.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceRecoveryApiTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private final List<Long> invalidations = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Voice Agency");
    api = admin.as(agency.key());
    admin.vertx().eventBus().<Long>consumer(Addresses.VOICE_CHANNELS_CHANGED, m -> invalidations.add(m.body()));
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static JsonObject channel(JsonObject recovery, String code) {
    return recovery.getJsonArray("channels").stream().map(JsonObject.class::cast)
        .filter(c -> code.equals(c.getString("channel"))).findFirst().orElseThrow();
  }

  @Test
  void theRecoveryChannelsAreLaidOutAsTheProductDescribesThemWithVoiceOffByDefault() {
    long ws = tenants.workspace(agency, "Channel Plumbing");

    Api.Answer answer = api.get("/api/v1/workspaces/" + ws + "/recovery/voice");

    assertThat(answer.status()).isEqualTo(200);
    JsonObject recovery = answer.json();
    assertThat(recovery.getJsonArray("channels").stream().map(c -> ((JsonObject) c).getString("channel")).toList())
        .containsExactly("textback", "voice_recovery", "internal_summary_sms", "caller_summary_sms", "voice_fallback",
            "voice_alert_numbers");
    assertThat(channel(recovery, "voice_recovery").getBoolean("enabled")).isFalse();
    assertThat(channel(recovery, "voice_recovery").getString("reason")).contains("switched off");
    assertThat(channel(recovery, "voice_fallback").getString("value")).isEqualTo("textback");
    assertThat(recovery.getString("how_to_decide")).contains("Text-back only is the simplest");
  }

  @Test
  void turningVoiceOnIsSavedAuditedAndDropsCachedCopies() {
    long ws = tenants.workspace(agency, "Switch Plumbing");
    tenants.execute("UPDATE workspaces SET plan_code = 'pro' WHERE id = " + ws);

    Api.Answer answer = api.patch("/api/v1/workspaces/" + ws + "/recovery/voice",
        new JsonObject().put("voice_enabled", true).put("language", "en-GB"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getJsonObject("settings").getBoolean("voice_enabled")).isTrue();
    assertThat(answer.json().getJsonObject("settings").getString("language")).isEqualTo("en-GB");
    assertThat(channel(answer.json(), "voice_recovery").getBoolean("enabled")).isTrue();
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'workspace.voice_recovery.update' "
        + "AND target_id = ?", String.valueOf(ws))).isEqualTo(1);
    org.awaitility.Awaitility.await().until(() -> invalidations.contains(ws));
  }

  @Test
  void emergencyAlertCallsAreOffByDefaultAndTurnedOnThroughTheRecoveryChannels() {
    long ws = tenants.workspace(agency, "Alert Call Plumbing");
    tenants.execute("INSERT INTO notification_numbers (workspace_id, phone, kind) VALUES (" + ws + ", '"
        + Tenants.phone() + "', 'voice_alert')");
    JsonObject before = api.get("/api/v1/workspaces/" + ws + "/recovery/voice").json();

    Api.Answer answer = api.patch("/api/v1/workspaces/" + ws + "/recovery/voice",
        new JsonObject().put("alert_calls", true));

    assertThat(before.getJsonObject("settings").getBoolean("alert_calls")).isFalse();
    assertThat(channel(before, "voice_alert_numbers").getString("detail")).isEqualTo("Texted");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getJsonObject("settings").getBoolean("alert_calls")).isTrue();
    assertThat(channel(answer.json(), "voice_alert_numbers").getString("detail"))
        .isEqualTo("Texted and called for emergencies");
    assertThat(tenants.queryString("SELECT voice_alert_calls::text FROM workspaces WHERE id = ?", ws)).isEqualTo("true");
  }

  @Test
  void voiceOnAPlanWithoutItSaysWhyItDoesNotRun() {
    long ws = tenants.workspace(agency, "Starter Plumbing");
    tenants.execute("UPDATE workspaces SET plan_code = 'starter' WHERE id = " + ws);

    Api.Answer answer = api.patch("/api/v1/workspaces/" + ws + "/recovery/voice", new JsonObject().put("voice_enabled", true));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(channel(answer.json(), "voice_recovery").getString("reason")).contains("plan does not include voice");
  }

  @Test
  void aVoicemailFallbackWithoutRecordingIsRefusedWithItsOwnCode() {
    long ws = tenants.workspace(agency, "Mail Plumbing");

    Api.Answer answer = api.patch("/api/v1/workspaces/" + ws + "/recovery/voice", new JsonObject().put("fallback", "voicemail"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("voicemail_needs_recording");
  }

  @Test
  void anUnknownFallbackIsRefusedByTheContract() {
    long ws = tenants.workspace(agency, "Odd Plumbing");

    Api.Answer answer = api.patch("/api/v1/workspaces/" + ws + "/recovery/voice", new JsonObject().put("fallback", "carrier_pigeon"));

    assertThat(answer.status()).isEqualTo(400);
  }

  @Test
  void anotherAgencysWorkspaceIsNotFoundForReadingOrChanging() {
    Tenants.Agency other = tenants.agency("Other Voice Agency");
    long theirs = tenants.workspace(other, "Their Plumbing");

    Api.Answer read = api.get("/api/v1/workspaces/" + theirs + "/recovery/voice");
    Api.Answer changed = api.patch("/api/v1/workspaces/" + theirs + "/recovery/voice",
        new JsonObject().put("voice_enabled", true));

    assertThat(read.status()).isEqualTo(404);
    assertThat(changed.status()).isEqualTo(404);
    assertThat(tenants.queryString("SELECT voice_enabled::text FROM workspaces WHERE id = ?", theirs)).isEqualTo("false");
  }

  @Test
  void aLeadsVoiceCallsCarryTheirTranscriptTurnByTurnAndStayWithinTheAgency() {
    long ws = tenants.workspace(agency, "Transcript Plumbing");
    String number = Tenants.phone();
    tenants.number(agency, ws, number);
    String caller = Tenants.phone();
    Tenants.Decided decided = tenants.missedCall(agency, ws, caller, number);
    long voiceCall = tenants.queryLong("INSERT INTO voice_calls (workspace_id, account_sid, call_sid, caller, called, "
        + "lead_id, need, outcome, fallback, decided_at) VALUES (?, ?, 'CA00000000000000000000000000000777', ?, ?, ?, "
        + "'Leaking tap', 'voice_no_speech', 'textback', now()) RETURNING id", ws, agency.accountSid(), caller, number,
        decided.leadId());
    tenants.queryLong("INSERT INTO voice_turns (voice_call_id, turn, workspace_id, caller_words, assistant_words, "
        + "source, latency_ms, twiml) VALUES (?, 1, ?, 'Leaking tap', 'Thanks. What is the address?', 'script', 12, "
        + "'<Response/>') RETURNING 1", voiceCall, ws);

    Api.Answer answer = api.get("/api/v1/leads/" + decided.leadId() + "/voice-calls");
    Api.Answer foreign = admin.as(tenants.agency("Nosy Agency").key()).get("/api/v1/leads/" + decided.leadId()
        + "/voice-calls");

    assertThat(answer.status()).isEqualTo(200);
    JsonObject call = answer.data().getJsonObject(0);
    assertThat(call.getString("outcome")).isEqualTo("voice_no_speech");
    JsonArray turns = call.getJsonArray("turns");
    assertThat(turns.getJsonObject(0).getString("caller")).isEqualTo("Leaking tap");
    assertThat(turns.getJsonObject(0).getString("source")).isEqualTo("script");
    assertThat(foreign.status()).isEqualTo(404);
  }

  private JsonObject voiceItem(long numberId) {
    Api.Answer check = api.get("/api/v1/numbers/" + numberId + "/setup-check");
    assertThat(check.status()).isEqualTo(200);
    return check.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> "voice".equals(c.getString("key"))).findFirst().orElseThrow();
  }

  @Test
  void theSetupCheckSaysVoiceWaitsForAVerifiedNumberUntilACallToItWasDecided() {
    long ws = tenants.workspace(agency, "Setup Plumbing");
    tenants.execute("UPDATE workspaces SET plan_code = 'pro', voice_enabled = true WHERE id = " + ws);
    String number = Tenants.phone();
    long numberId = tenants.number(agency, ws, number);

    JsonObject before = voiceItem(numberId);
    tenants.missedCall(agency, ws, Tenants.phone(), number);
    JsonObject after = voiceItem(numberId);

    assertThat(before.getBoolean("ok")).isFalse();
    assertThat(before.getString("detail")).contains("voice_not_verified");
    assertThat(after.getBoolean("ok")).isTrue();
  }
}

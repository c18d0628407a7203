package com.missedcall.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The overview counts calls recovered by voice and voice fallbacks by reason, the same from folded hours as from
 * the calls themselves. The calls are written as voice recovery writes them: a completed call skipped with
 * {@code voice_recovered}; a text-back fallback decided by the text-back (reason {@code texted}) with the voice
 * reason beside it; a fallback to nothing skipped with the voice reason.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceOverviewTest {
  private TestDatabase db;
  private AdminUnderTest admin;
  private Tenants tenants;
  private Api api;
  private long workspace;
  private long other;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    Tenants.Agency agency = tenants.agency("Voice Overview Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Voice Plumbing");
    String number = Tenants.phone();
    tenants.number(agency, workspace, number);
    for (int i = 0; i < 3; i++) {
      voiceRecovered(agency, workspace, number);
    }
    textedAfter(agency, workspace, number, "voice_no_speech");
    textedAfter(agency, workspace, number, "voice_no_speech");
    textedAfter(agency, workspace, number, "voice_caller_hung_up");
    nothingAfter(agency, workspace, number, "voice_caller_hung_up");
    tenants.missedCall(agency, workspace, Tenants.phone(), number); // a plain text-back: no voice at all
    // all of it two days ago, so folded hours hold it once a fold ran
    tenants.execute("UPDATE calls SET received_at = date_trunc('hour', now() - interval '2 days') "
        + "WHERE workspace_id = " + workspace);
    other = tenants.workspace(agency, "Text Only Electric");
    String otherNumber = Tenants.phone();
    tenants.number(agency, other, otherNumber);
    tenants.missedCall(agency, other, Tenants.phone(), otherNumber);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private void voiceRecovered(Tenants.Agency agency, long ws, String number) {
    insertCall(agency, ws, number, "skipped", "voice_recovered", "'voice'", "voice_recovered", "NULL");
  }

  private void nothingAfter(Tenants.Agency agency, long ws, String number, String reason) {
    insertCall(agency, ws, number, "skipped", reason, "NULL", reason, "'none'");
  }

  private void textedAfter(Tenants.Agency agency, long ws, String number, String reason) {
    long call = tenants.missedCall(agency, ws, Tenants.phone(), number).callId();
    tenants.execute("UPDATE calls SET voice_outcome = '" + reason + "', voice_fallback = 'textback' WHERE id = " + call);
  }

  private void insertCall(Tenants.Agency agency, long ws, String number, String decision, String reason,
                          String channel, String outcome, String fallback) {
    tenants.execute("INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, decision, "
        + "reason, channel, voice_outcome, voice_fallback, received_at) VALUES (" + ws + ", '" + agency.accountSid()
        + "', 'CA' || md5(random()::text), '" + Tenants.phone() + "', '" + number + "', 'direct', '" + decision
        + "', '" + reason + "', " + channel + ", '" + outcome + "', " + fallback + ", now())");
  }

  private JsonObject overview(String query) {
    return api.get("/api/v1/overview?days=30" + query).json();
  }

  private static String fallbacks(JsonObject o) {
    JsonArray list = o.getJsonObject("voice").getJsonArray("fallbacks");
    StringBuilder out = new StringBuilder();
    list.forEach(f -> {
      JsonObject r = (JsonObject) f;
      out.append(r.getString("code")).append('=').append(r.getLong("calls")).append('/')
          .append(r.getLong("texted_calls")).append(' ');
    });
    return out.toString().strip();
  }

  @Test
  void theOverviewCountsCallsRecoveredByVoice() {
    JsonObject o = overview("&workspace_id=" + workspace);

    assertThat(o.getLong("voice_recovered_calls")).isEqualTo(3);
    assertThat(o.getJsonObject("voice").getLong("recovered_calls")).isEqualTo(3);
    assertThat(o.getJsonObject("funnel").getLong("voice_recovered_calls")).isEqualTo(3);
  }

  @Test
  void theOverviewCountsVoiceFallbacksByReasonWithHowManyWereTextedBack() {
    JsonObject o = overview("&workspace_id=" + workspace);

    assertThat(o.getJsonObject("voice").getLong("fallback_calls")).isEqualTo(4);
    assertThat(fallbacks(o)).isEqualTo("voice_caller_hung_up=2/1 voice_no_speech=2/2");
    assertThat(o.getJsonObject("voice").getJsonArray("fallbacks").getJsonObject(0).getString("label")).isNotBlank();
  }

  @Test
  void aCallRecoveredByVoiceIsNotATextBackMissedInTheRate() {
    JsonObject o = overview("&workspace_id=" + workspace);

    // 8 missed: 3 by voice needed no text, 4 texted (3 fallbacks and a plain text-back), 1 fell back to nothing
    assertThat(o.getLong("missed_calls")).isEqualTo(8);
    assertThat(o.getLong("texted_calls")).isEqualTo(4);
    assertThat(o.getJsonObject("funnel").getLong("textable_calls")).isEqualTo(5);
    assertThat(o.getDouble("text_back_rate")).isEqualTo(0.8);
  }

  @Test
  void theDailySeriesCountsCallsRecoveredByVoiceOnTheirDay() {
    JsonObject o = overview("&workspace_id=" + workspace);

    long daily = o.getJsonArray("daily").stream().mapToLong(d -> ((JsonObject) d).getLong("voice_recovered_calls"))
        .sum();
    assertThat(daily).isEqualTo(3);
  }

  @Test
  void aWorkspaceWithoutVoiceShowsNoVoiceCounts() {
    JsonObject o = overview("&workspace_id=" + other);

    assertThat(o.getLong("voice_recovered_calls")).isZero();
    assertThat(o.getJsonObject("voice").getLong("fallback_calls")).isZero();
    assertThat(o.getJsonObject("voice").getJsonArray("fallbacks")).isEmpty();
  }

  @Test
  void theVoiceCountsFromFoldedHoursEqualTheCountsFromEveryCall() {
    tenants.execute("UPDATE call_rollup_state SET fresh_hour = '-infinity'"); // as before any fold: calls counted
    JsonObject counted = overview("&workspace_id=" + workspace);
    JsonObject countedAgency = overview("");

    db.queryLong("SELECT buckets FROM call_rollup_fold()");
    JsonObject rolled = overview("&workspace_id=" + workspace);
    JsonObject rolledAgency = overview("");

    assertThat(db.queryLong("SELECT coalesce(sum(calls), 0) FROM call_rollup_hourly WHERE workspace_id = ? "
        + "AND voice_outcome = 'voice_recovered'", workspace)).isEqualTo(3);
    for (String field : new String[] {"voice", "voice_recovered_calls", "text_back_rate", "daily"}) {
      assertThat(rolled.getValue(field)).as(field).isEqualTo(counted.getValue(field));
      assertThat(rolledAgency.getValue(field)).as(field).isEqualTo(countedAgency.getValue(field));
    }
    assertThat(rolledAgency.getLong("voice_recovered_calls")).isEqualTo(3);
  }
}

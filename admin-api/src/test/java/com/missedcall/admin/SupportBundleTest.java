package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Prepare for support" on a workspace and on one call: one JSON with the workspace, its numbers, the last calls
 * with their decisions and reasons, setup checks, billing, plan, caps and usage, the recent send failures with
 * Twilio's codes — and nowhere in it a secret or a caller's full number. Another agency gets 404.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupportBundleTest {
  private static final String WEBHOOK_SECRET = "whsec_" + "b".repeat(20) + System.nanoTime();
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Tenants.Agency other;
  private Api api;
  private long ws;
  private String tracked;
  private String businessPhone;
  private String texted;
  private String failedCaller;
  private Tenants.Decided call;
  private Tenants.Decided failedCall;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Bundle Agency");
    other = tenants.agency("Other Agency");
    api = admin.as(agency.key());
    ws = tenants.workspace(agency, "Bundle Plumbing");
    businessPhone = Tenants.phone();
    tenants.execute("UPDATE workspaces SET contact_phone = '" + businessPhone + "', timezone = 'America/Chicago' "
        + "WHERE id = " + ws);
    tracked = Tenants.phone();
    tenants.number(agency, ws, tracked);
    texted = Tenants.phone();
    failedCaller = Tenants.phone();
    call = tenants.missedCall(agency, ws, texted, tracked);
    failedCall = tenants.missedCall(agency, ws, failedCaller, tracked);
    // the carrier filtered the second text-back; Twilio's error text names the caller's number
    tenants.execute("UPDATE messages SET status = 'undelivered', error_code = 30007, send_status = 'done', "
        + "last_error = 'Message to " + failedCaller + " filtered (" + failedCaller.substring(1) + ")' "
        + "WHERE call_id = " + failedCall.callId());
    tenants.execute("INSERT INTO webhook_endpoints (agency_id, url, events, secret) VALUES (" + agency.id()
        + ", 'https://hooks.example.com/in', ARRAY['lead.created'], '" + WEBHOOK_SECRET + "')");
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void theWorkspaceBundleHoldsWhatSupportAsksFor() {
    Api.Answer answer = api.get("/api/v1/workspaces/" + ws + "/support-bundle");

    assertThat(answer.status()).isEqualTo(200);
    JsonObject bundle = answer.json();
    assertThat(bundle.getString("kind")).isEqualTo("workspace");
    JsonObject workspace = bundle.getJsonObject("workspace");
    assertThat(workspace.getString("name")).isEqualTo("Bundle Plumbing");
    assertThat(workspace.getString("business_phone")).isEqualTo(businessPhone);
    assertThat(workspace.getJsonObject("billing").getBoolean("texting_allowed")).isTrue();
    assertThat(workspace.getJsonObject("plan").getString("code")).isEqualTo("pro");
    assertThat(workspace.getJsonObject("caps").getInteger("daily_sms")).isEqualTo(1000);
    JsonObject number = bundle.getJsonArray("numbers").getJsonObject(0);
    assertThat(number.getString("tracked_number")).isEqualTo(tracked);
    assertThat(number.getString("twilio_account")).startsWith("AC…").hasSize(7);
    assertThat(bundle.getJsonObject("setup").getJsonArray("numbers")).hasSize(1);
    assertThat(bundle.getJsonObject("usage").getJsonObject("sms_today").getInteger("used")).isEqualTo(2);

    JsonArray calls = bundle.getJsonArray("recent_calls");
    assertThat(calls).hasSize(2);
    JsonObject first = byId(calls, call.callId());
    assertThat(first.getString("caller")).isEqualTo(texted.substring(0, 2) + "*".repeat(texted.length() - 4)
        + texted.substring(texted.length() - 2));
    assertThat(first.getJsonObject("reason").getString("code")).isEqualTo("texted");
    assertThat(first.getJsonObject("reason").getString("explanation")).startsWith("Texted back");
    assertThat(first.getString("received_at_local")).matches(".*C[SD]T$");

    JsonObject failure = bundle.getJsonArray("send_failures").getJsonObject(0);
    assertThat(failure.getInteger("error_code")).isEqualTo(30007);
    assertThat(failure.getJsonObject("remedy").getString("remedy")).contains("A2P 10DLC");
    assertThat(failure.getString("last_error")).contains("filtered").doesNotContain(failedCaller.substring(1));
    assertThat(bundle.getJsonArray("decisions_last_7_days").getJsonObject(0).getLong("count")).isEqualTo(2);
    assertThat(bundle.getJsonObject("webhooks").getLong("endpoints")).isEqualTo(1);

    assertNoSecretNorFullCallerNumber(answer.text());
  }

  @Test
  void theCallBundleAddsTheCallItsTextsAndWhetherEveryCallIsTouched() {
    Api.Answer answer = api.get("/api/v1/calls/" + failedCall.callId() + "/support-bundle");

    assertThat(answer.status()).isEqualTo(200);
    JsonObject bundle = answer.json();
    assertThat(bundle.getString("kind")).isEqualTo("call");
    JsonObject theCall = bundle.getJsonObject("call");
    assertThat(theCall.getLong("id")).isEqualTo(failedCall.callId());
    assertThat(theCall.getJsonObject("text_back").getInteger("error_code")).isEqualTo(30007);
    assertThat(theCall.getJsonObject("reason").getString("explanation")).contains("not delivered").contains("30007");
    JsonObject text = theCall.getJsonArray("texts").getJsonObject(0);
    assertThat(text.getString("kind")).isEqualTo("textback");
    assertThat(text.getString("audience")).isEqualTo("caller");
    JsonObject reach = bundle.getJsonObject("affects_all_calls");
    assertThat(reach.getLong("calls_last_7_days")).isEqualTo(2);
    assertThat(reach.getLong("with_this_reason")).isEqualTo(2);
    assertThat(reach.getString("verdict")).isEqualTo("all_calls");

    assertNoSecretNorFullCallerNumber(answer.text());
  }

  @Test
  void anotherAgencyGets404ForTheWorkspaceAndTheCall() {
    Api stranger = admin.as(other.key());

    Api.Answer workspace = stranger.get("/api/v1/workspaces/" + ws + "/support-bundle");
    Api.Answer oneCall = stranger.get("/api/v1/calls/" + call.callId() + "/support-bundle");
    Api.Answer missing = api.get("/api/v1/calls/999999999999/support-bundle");

    assertThat(workspace.status()).isEqualTo(404);
    assertThat(workspace.code()).isEqualTo("workspace_not_found");
    assertThat(oneCall.status()).isEqualTo(404);
    assertThat(oneCall.code()).isEqualTo("call_not_found");
    assertThat(oneCall.text()).doesNotContain("Bundle Plumbing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("call_not_found");
  }

  private void assertNoSecretNorFullCallerNumber(String body) {
    String sealedToken = tenants.queryString("SELECT auth_token FROM twilio_accounts WHERE account_sid = ?",
        agency.accountSid());
    for (String secret : List.of(agency.authToken(), sealedToken, agency.key(), WEBHOOK_SECRET, agency.accountSid())) {
      assertThat(body).doesNotContain(secret);
    }
    for (String caller : List.of(texted, failedCaller)) {
      assertThat(body).doesNotContain(caller).doesNotContain(caller.substring(1))
          .doesNotContain(caller.substring(2)); // without the country code either
    }
  }

  private static JsonObject byId(JsonArray list, long id) {
    return list.stream().map(JsonObject.class::cast).filter(o -> o.getLong("id") == id).findFirst().orElseThrow();
  }
}

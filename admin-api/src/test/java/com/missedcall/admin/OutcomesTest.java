package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.admin.webhooks.WebhookSigner;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Honest outcomes: leads marked booked (with a value) by staff or by the business's tools, and what reports count. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomesTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private long workspace;
  private String number;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Outcome Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Outcome Plumbing");
    number = Tenants.phone();
    tenants.number(agency, workspace, number);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private long lead() {
    return tenants.missedCall(agency, workspace, Tenants.phone(), number).leadId();
  }

  @Test
  void aLeadMarkedBookedWithAValueIsWonAndCarriesTheValue() {
    long lead = lead();

    Api.Answer answer = api.post("/api/v1/leads/" + lead + "/outcome", new JsonObject().put("outcome", "booked").put("value", 249.999));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json().getString("stage")).isEqualTo("won");
    assertThat(answer.json().getDouble("booked_value")).isEqualTo(250.0);
    assertThat(answer.json().getString("booked_at")).isNotNull();
    assertThat(answer.json().getString("outcome_source")).isEqualTo("api");
    assertThat(api.get("/api/v1/audit-log?target_type=lead&target_id=" + lead).text()).contains("lead.outcome");
  }

  @Test
  void bookingAgainKeepsTheFirstBookingTimeAndTakesTheNewValue() {
    long lead = lead();
    String first = api.post("/api/v1/leads/" + lead + "/outcome", new JsonObject().put("value", 100)).json()
        .getString("booked_at");

    JsonObject again = api.post("/api/v1/leads/" + lead + "/outcome", new JsonObject().put("value", 120)).json();

    assertThat(again.getString("booked_at")).isEqualTo(first);
    assertThat(again.getDouble("booked_value")).isEqualTo(120.0);
  }

  @Test
  void aLostLeadHasNoBookingAndCannotHaveAValue() {
    long lead = lead();
    api.post("/api/v1/leads/" + lead + "/outcome", new JsonObject().put("value", 100));

    JsonObject lost = api.post("/api/v1/leads/" + lead + "/outcome", new JsonObject().put("outcome", "lost")).json();
    Api.Answer valued = api.post("/api/v1/leads/" + lead + "/outcome",
        new JsonObject().put("outcome", "lost").put("value", 5));

    assertThat(lost.getString("stage")).isEqualTo("lost");
    assertThat(lost.getValue("booked_at")).isNull();
    assertThat(lost.getValue("booked_value")).isNull();
    assertThat(valued.status()).isEqualTo(400);
    assertThat(valued.code()).isEqualTo("invalid_value");
  }

  @Test
  void aNegativeValueIsRefusedByTheContract() {
    Api.Answer answer = api.post("/api/v1/leads/" + lead() + "/outcome", new JsonObject().put("value", -1));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void movingALeadToWonBooksItAndAwayFromWonUnbooksIt() {
    long lead = lead();

    JsonObject won = api.patch("/api/v1/leads/" + lead, new JsonObject().put("stage", "won")).json();
    JsonObject back = api.patch("/api/v1/leads/" + lead, new JsonObject().put("stage", "qualified")).json();

    assertThat(won.getString("booked_at")).isNotNull();
    assertThat(back.getValue("booked_at")).isNull();
  }

  @Test
  void aReadOnlyKeyCannotMarkAnOutcome() {
    String key = api.post("/api/v1/api-keys", new JsonObject().put("name", "ro").put("scope", "read_only")).json()
        .getString("key");

    Api.Answer answer = admin.as(key).post("/api/v1/leads/" + lead() + "/outcome", new JsonObject());

    assertThat(answer.code()).isEqualTo("read_only_key");
  }

  private String secret() {
    Api.Answer rotated = api.post("/api/v1/workspaces/" + workspace + "/outcome-webhook/rotate-secret", null);
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    return rotated.json().getString("secret");
  }

  private Api.Answer report(long workspaceId, String secret, long unixSeconds, JsonObject body) {
    String text = body.encode();
    return admin.anonymous().send("POST", "/hooks/v1/workspaces/" + workspaceId + "/outcomes", text,
        Map.of(WebhookSigner.HEADER, WebhookSigner.header(secret, unixSeconds, text)));
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void aSignedOutcomeFromTheBusinessToolsBooksTheLeadFoundByItsCaller() {
    String caller = Tenants.phone();
    long lead = tenants.missedCall(agency, workspace, caller, number).leadId();

    Api.Answer answer = report(workspace, secret(), now(),
        new JsonObject().put("caller", caller).put("outcome", "booked").put("value", 480));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonObject seen = api.get("/api/v1/leads/" + lead).json();
    assertThat(seen.getString("stage")).isEqualTo("won");
    assertThat(seen.getDouble("booked_value")).isEqualTo(480.0);
    assertThat(seen.getString("outcome_source")).isEqualTo("webhook");
    assertThat(api.get("/api/v1/audit-log?target_type=lead&target_id=" + lead).text()).contains("outcome_webhook");
  }

  @Test
  void anOutcomeWithAWrongSignatureIsRefusedAndChangesNothing() {
    long lead = lead();
    secret();

    Api.Answer answer = report(workspace, "mcr_whsec_not-the-secret", now(), new JsonObject().put("lead_id", lead));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("invalid_signature");
    assertThat(tenants.queryString("SELECT stage FROM leads WHERE id = ?", lead)).isNotEqualTo("won");
  }

  @Test
  void aSignatureMoreThanFiveMinutesOldIsRefused() {
    long lead = lead();

    Api.Answer answer = report(workspace, secret(), now() - 301, new JsonObject().put("lead_id", lead));

    assertThat(answer.code()).isEqualTo("invalid_signature");
  }

  @Test
  void anOutcomeWithoutASignatureIsRefused() {
    Api.Answer answer = admin.anonymous().post("/hooks/v1/workspaces/" + workspace + "/outcomes",
        new JsonObject().put("lead_id", lead()));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("invalid_signature");
  }

  @Test
  void aWorkspaceWithoutASecretOrThatDoesNotExistAnswersLikeAWrongSignature() {
    long bare = tenants.workspace(agency, "No Secret Yet");

    Api.Answer noSecret = report(bare, "mcr_whsec_guess", now(), new JsonObject().put("lead_id", 1));
    Api.Answer missing = report(987654321L, "mcr_whsec_guess", now(), new JsonObject().put("lead_id", 1));

    assertThat(noSecret.status()).isEqualTo(401);
    assertThat(noSecret.text()).isEqualTo(missing.text());
  }

  @Test
  void rotatingTheSecretRetiresTheOldOneAtOnce() {
    String old = secret();
    String current = secret();

    assertThat(report(workspace, old, now(), new JsonObject().put("lead_id", lead())).code()).isEqualTo("invalid_signature");
    assertThat(report(workspace, current, now(), new JsonObject().put("lead_id", lead())).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/workspaces/" + workspace + "/outcome-webhook").json().getString("secret_last4"))
        .isEqualTo(current.substring(current.length() - 4));
  }

  @Test
  void theOutcomeSecretIsStoredSealed() {
    String secret = secret();

    assertThat(tenants.queryString("SELECT secret FROM workspace_outcome_secrets WHERE workspace_id = ?", workspace))
        .startsWith("enc:v1:").doesNotContain(secret);
  }

  @Test
  void anOutcomeForAnUnknownCallerAnswers404() {
    Api.Answer answer = report(workspace, secret(), now(), new JsonObject().put("caller", "+15005550199"));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("lead_not_found");
  }

  @Test
  void anOutcomeNamingNoLeadIsRefusedWithAStableCode() {
    Api.Answer answer = report(workspace, secret(), now(), new JsonObject().put("outcome", "booked"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_lead");
  }

  @Test
  void anotherAgencysLeadCannotBeBookedThroughThisWorkspacesWebhook() {
    Tenants.Agency other = tenants.agency("Other Outcome Agency");
    long otherWs = tenants.workspace(other, "Other Plumbing");
    String otherNumber = Tenants.phone();
    tenants.number(other, otherWs, otherNumber);
    long foreignLead = tenants.missedCall(other, otherWs, Tenants.phone(), otherNumber).leadId();

    Api.Answer answer = report(workspace, secret(), now(), new JsonObject().put("lead_id", foreignLead));

    assertThat(answer.code()).isEqualTo("lead_not_found");
    assertThat(tenants.queryString("SELECT stage FROM leads WHERE id = ?", foreignLead)).isNotEqualTo("won");
  }
}

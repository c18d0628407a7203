package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
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
class NumbersTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private final List<String> invalidations = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Numbers Agency");
    api = admin.as(agency.key());
    admin.vertx().eventBus().<String>consumer(Addresses.NUMBERS_CHANGED, m -> invalidations.add(m.body()));
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private JsonObject newNumber(long workspaceId, String phone) {
    return new JsonObject().put("workspace_id", workspaceId).put("account_sid", agency.accountSid())
        .put("phone_number", phone).put("routing_mode", "forwarding");
  }

  @Test
  void aTrackedNumberIsAddedAndTheGatewaysCacheEntryForItDropped() {
    long ws = tenants.workspace(agency, "Adds");
    String phone = Tenants.phone();

    Api.Answer answer = api.post("/api/v1/numbers", newNumber(ws, phone));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().getString("phone_number")).isEqualTo(phone);
    assertThat(answer.json().getInteger("ring_timeout_seconds")).isEqualTo(20);
    assertThat(answer.json().getBoolean("active")).isTrue();
    await().until(() -> invalidations.contains(phone));
  }

  @Test
  void aNumberAlreadyActiveIsAConflict() {
    long ws = tenants.workspace(agency, "Twice");
    String phone = Tenants.phone();
    api.post("/api/v1/numbers", newNumber(ws, phone));

    Api.Answer again = api.post("/api/v1/numbers", newNumber(ws, phone));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("number_in_use");
  }

  @Test
  void aDirectNumberNeedsTheBusinessPhone() {
    long ws = tenants.workspace(agency, "Direct");

    Api.Answer answer = api.post("/api/v1/numbers", newNumber(ws, Tenants.phone()).put("routing_mode", "direct"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("business_phone_required");
  }

  @Test
  void aNumberThatIsNotE164IsRefusedByTheContract() {
    long ws = tenants.workspace(agency, "Bad phone");

    Api.Answer answer = api.post("/api/v1/numbers", newNumber(ws, "555-0100"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void aNumberForAMissingWorkspaceAnswers404() {
    Api.Answer answer = api.post("/api/v1/numbers", newNumber(987654, Tenants.phone()));

    assertThat(answer.code()).isEqualTo("workspace_not_found");
  }

  @Test
  void aNumberOnAnUnknownTwilioAccountAnswers404() {
    long ws = tenants.workspace(agency, "Unknown account");

    Api.Answer answer = api.post("/api/v1/numbers", newNumber(ws, Tenants.phone())
        .put("account_sid", "AC" + "0".repeat(31) + "9"));

    assertThat(answer.code()).isEqualTo("twilio_account_not_found");
  }

  @Test
  void aNumberIsReadListedByWorkspaceAndChanged() {
    long ws = tenants.workspace(agency, "Reads");
    long id = tenants.number(agency, ws, Tenants.phone());

    Api.Answer read = api.get("/api/v1/numbers/" + id);
    Api.Answer list = api.get("/api/v1/numbers?workspace_id=" + ws);
    Api.Answer changed = api.patch("/api/v1/numbers/" + id, new JsonObject().put("routing_mode", "direct")
        .put("business_phone", "+15005550199").put("ring_timeout_seconds", 25));

    assertThat(read.json().getLong("workspace_id")).isEqualTo(ws);
    assertThat(list.data()).hasSize(1);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().getString("routing_mode")).isEqualTo("direct");
    assertThat(changed.json().getInteger("ring_timeout_seconds")).isEqualTo(25);
  }

  @Test
  void switchingToDirectWithoutABusinessPhoneIsRefused() {
    long id = tenants.number(agency, tenants.workspace(agency, "No phone"), Tenants.phone());

    Api.Answer answer = api.patch("/api/v1/numbers/" + id, new JsonObject().put("routing_mode", "direct"));

    assertThat(answer.code()).isEqualTo("business_phone_required");
  }

  @Test
  void aMissingNumberAnswers404ForEveryOperation() {
    assertThat(api.get("/api/v1/numbers/987654").code()).isEqualTo("number_not_found");
    assertThat(api.patch("/api/v1/numbers/987654", new JsonObject().put("active", false)).code()).isEqualTo("number_not_found");
    assertThat(api.delete("/api/v1/numbers/987654").code()).isEqualTo("number_not_found");
    assertThat(api.get("/api/v1/numbers/987654/setup-check").code()).isEqualTo("number_not_found");
  }

  @Test
  void listingAMissingWorkspacesNumbersAnswers404() {
    assertThat(api.get("/api/v1/numbers?workspace_id=987654").code()).isEqualTo("workspace_not_found");
  }

  @Test
  void aRetiredNumberStopsBeingTrackedButKeepsItsHistory() {
    String phone = Tenants.phone();
    long id = tenants.number(agency, tenants.workspace(agency, "Retire"), phone);

    Api.Answer answer = api.delete("/api/v1/numbers/" + id);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getBoolean("active")).isFalse();
    assertThat(tenants.queryLong("SELECT count(*) FROM tracked_numbers WHERE id = ?", id)).isEqualTo(1);
    await().until(() -> invalidations.contains(phone));
  }

  @Test
  void aNewNumberIsIncompleteAndSaysExactlyWhatToConfigure() {
    long ws = tenants.workspace(agency, "Setup new");
    long id = tenants.number(agency, ws, Tenants.phone());

    JsonObject check = api.get("/api/v1/numbers/" + id + "/setup-check").json();

    assertThat(check.getString("state")).isEqualTo("incomplete");
    assertThat(check.getJsonArray("missing").encode())
        .contains("https://gateway.example.test/twilio/voice/incoming")
        .contains("https://gateway.example.test/twilio/voice/status#rc=3&rp=ct,rt,5xx")
        .contains("forwarding");
  }

  @Test
  void aNumberThatReceivedACallAndSentATextIsVerified() {
    long ws = tenants.workspace(agency, "Setup done");
    String phone = Tenants.phone();
    long id = tenants.number(agency, ws, phone);
    tenants.missedCall(agency, ws, Tenants.phone(), phone);
    tenants.execute("UPDATE messages SET message_sid = 'SM' || md5(random()::text), status = 'delivered' "
        + "WHERE from_number = '" + phone + "'");

    JsonObject check = api.get("/api/v1/numbers/" + id + "/setup-check").json();

    assertThat(check.getString("state")).isEqualTo("verified");
    assertThat(check.getJsonArray("missing")).isEmpty();
  }

  @Test
  void aWorkspaceWhoseBillingLapsedNeedsAction() {
    long ws = tenants.workspace(agency, "Lapsed");
    tenants.number(agency, ws, Tenants.phone());
    tenants.execute("UPDATE workspaces SET billing_status = 'past_due' WHERE id = " + ws);

    JsonObject check = api.get("/api/v1/workspaces/" + ws + "/setup-check").json();

    assertThat(check.getString("state")).isEqualTo("action_needed");
    assertThat(check.getJsonArray("numbers").getJsonObject(0).getJsonArray("missing").encode())
        .contains("Billing is past due");
  }

  @Test
  void aWorkspaceWithoutNumbersSaysSo() {
    long ws = tenants.workspace(agency, "Empty setup");

    assertThat(api.get("/api/v1/workspaces/" + ws + "/setup-check").json().getString("state")).isEqualTo("no_numbers");
  }

  @Test
  void theSetupCheckOfAMissingWorkspaceAnswers404() {
    assertThat(api.get("/api/v1/workspaces/987654/setup-check").code()).isEqualTo("workspace_not_found");
  }

  @Test
  void aTwilioAccountIsRegisteredWithItsTokenMasked() {
    String sid = "AC" + "ab".repeat(16);
    admin.twilio().addAccount(sid, "secret-token-0123456789");

    Api.Answer answer = api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", sid)
        .put("auth_token", "secret-token-0123456789"));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().getString("auth_token_last4")).isEqualTo("6789");
    assertThat(api.get("/api/v1/twilio-accounts").text()).contains(sid).doesNotContain("secret-token");
    assertThat(tenants.queryString("SELECT changes::text FROM audit_log WHERE target_id = ?", sid))
        .doesNotContain("secret-token");
  }

  @Test
  void anAccountSidThatIsNotOneIsRefused() {
    Api.Answer answer = api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", "AC123")
        .put("auth_token", "token-0123456789abcdef"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void anEmptyAccountChangeIsRefused() {
    assertThat(api.patch("/api/v1/twilio-accounts/" + agency.accountSid(), new JsonObject()).status()).isEqualTo(400);
  }

  @Test
  void anAccountAlreadyRegisteredIsAConflict() {
    Api.Answer answer = api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", agency.accountSid())
        .put("auth_token", "another-token-0000000"));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.code()).isEqualTo("account_already_registered");
  }

  @Test
  void rotatingATokenKeepsThePreviousOneUntilTheRotationIsFinished() {
    String sid = "AC" + "cd".repeat(16);
    admin.twilio().addAccount(sid, "first-token-000000000");
    api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", sid).put("auth_token", "first-token-000000000"));

    Api.Answer rotated = api.patch("/api/v1/twilio-accounts/" + sid, new JsonObject().put("auth_token", "second-token-00000000"));
    String previous = AdminUnderTest.SECRETS.open(
        tenants.queryString("SELECT previous_auth_token FROM twilio_accounts WHERE account_sid = ?", sid),
        com.missedcall.recovery.secrets.SecretBox.twilioAccount(sid));
    Api.Answer finished = api.patch("/api/v1/twilio-accounts/" + sid, new JsonObject().put("finish_rotation", true));

    assertThat(rotated.json().getBoolean("rotating")).isTrue();
    assertThat(previous).isEqualTo("first-token-000000000");
    assertThat(finished.json().getBoolean("rotating")).isFalse();
  }

  @Test
  void anAccountWhoseTokenTwilioRejectsIsRefusedAndNotStored() {
    String sid = "AC" + "a1".repeat(16);
    admin.twilio().addAccount(sid, "the-real-token-000000");

    Api.Answer answer = api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", sid)
        .put("auth_token", "a-wrong-token-0000000"));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.code()).isEqualTo("twilio_credentials_rejected");
    assertThat(tenants.queryLong("SELECT count(*) FROM twilio_accounts WHERE account_sid = ?", sid)).isZero();
  }

  @Test
  void aNumberTwilioDoesNotListOnTheAccountIsRefusedAndNotStored() {
    long ws = tenants.workspace(agency, "Not ours");
    String phone = Tenants.phone();
    admin.twilio().placeNumber("AC" + "0f".repeat(16), phone);

    Api.Answer answer = api.post("/api/v1/numbers", newNumber(ws, phone));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.code()).isEqualTo("number_not_on_account");
    assertThat(tenants.queryLong("SELECT count(*) FROM tracked_numbers WHERE phone_number = ?", phone)).isZero();
  }

  @Test
  void rotatingAMissingAccountAnswers404() {
    Api.Answer answer = api.patch("/api/v1/twilio-accounts/AC" + "ef".repeat(16),
        new JsonObject().put("auth_token", "whatever-token-000000"));

    assertThat(answer.code()).isEqualTo("twilio_account_not_found");
  }
}

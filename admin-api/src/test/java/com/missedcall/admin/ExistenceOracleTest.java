package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.LogCapture;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registering an account SID or a number tells agency B nothing about what agency A holds: B's attempt at
 * A's resource answers byte for byte what the same attempt at a resource nobody holds answers.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExistenceOracleTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agencyA;
  private Tenants.Agency agencyB;
  private Api a;
  private Api b;
  private long wsA;
  private long wsB;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agencyA = tenants.agency("Holder A");
    agencyB = tenants.agency("Prober B");
    wsA = tenants.workspace(agencyA, "A Roofing");
    wsB = tenants.workspace(agencyB, "B Roofing");
    a = admin.as(agencyA.key());
    b = admin.as(agencyB.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static JsonObject account(String sid, String token) {
    return new JsonObject().put("account_sid", sid).put("auth_token", token);
  }

  private JsonObject number(long workspaceId, String sid, String phone) {
    return new JsonObject().put("workspace_id", workspaceId).put("account_sid", sid).put("phone_number", phone)
        .put("routing_mode", "forwarding");
  }

  private static String unheldSid() {
    return "AC" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).repeat(2);
  }

  private String accountRow(String sid) {
    return tenants.queryString("SELECT agency_id || ':' || auth_token || ':' || coalesce(previous_auth_token, '-') "
        + "FROM twilio_accounts WHERE account_sid = ?", sid);
  }

  private String numberRows(String phone) {
    return tenants.queryString("SELECT string_agg(workspace_id || ':' || account_sid || ':' || active, ',' ORDER BY id) "
        + "FROM tracked_numbers WHERE phone_number = ?", phone);
  }

  @Test
  void anotherAgencysAccountSidAnswersExactlyWhatAnUnheldSidWithAWrongTokenAnswers() {
    String unheld = unheldSid();
    admin.twilio().addAccount(unheld, "its-real-token-0000000");
    String before = accountRow(agencyA.accountSid());

    Api.Answer probe = b.post("/api/v1/twilio-accounts", account(agencyA.accountSid(), "guessed-token-000000"));
    Api.Answer control = b.post("/api/v1/twilio-accounts", account(unheld, "guessed-token-000000"));

    assertThat(probe.status()).isEqualTo(422).isEqualTo(control.status());
    assertThat(probe.json()).isEqualTo(control.json());
    assertThat(probe.code()).isEqualTo("twilio_credentials_rejected");
    assertThat(accountRow(agencyA.accountSid())).isEqualTo(before);
  }

  @Test
  void anotherAgencysNumberAnswersExactlyWhatANumberNotOnTheCallersAccountAnswers() {
    String phoneA = Tenants.phone();
    tenants.number(agencyA, wsA, phoneA);
    String elsewhere = Tenants.phone();
    admin.twilio().placeNumber(unheldSid(), elsewhere);
    String before = numberRows(phoneA);

    Api.Answer probe = b.post("/api/v1/numbers", number(wsB, agencyB.accountSid(), phoneA));
    Api.Answer control = b.post("/api/v1/numbers", number(wsB, agencyB.accountSid(), elsewhere));

    assertThat(probe.status()).isEqualTo(422).isEqualTo(control.status());
    assertThat(probe.json()).isEqualTo(control.json());
    assertThat(probe.code()).isEqualTo("number_not_on_account");
    assertThat(numberRows(phoneA)).isEqualTo(before);
  }

  @Test
  void switchingBackOnARetiredNumberAnotherAgencyNowHoldsAnswersWhatAnyNumberOffTheAccountAnswers() {
    String phone = Tenants.phone();
    long retired = tenants.number(agencyB, wsB, phone);
    tenants.execute("UPDATE tracked_numbers SET active = false WHERE id = " + retired);
    tenants.number(agencyA, wsA, phone); // ported to A's Twilio account, then registered by A
    String elsewhere = Tenants.phone();
    long retiredElsewhere = tenants.number(agencyB, wsB, elsewhere);
    tenants.execute("UPDATE tracked_numbers SET active = false WHERE id = " + retiredElsewhere);
    admin.twilio().placeNumber(unheldSid(), elsewhere);
    String before = numberRows(phone);

    Api.Answer probe = b.patch("/api/v1/numbers/" + retired, new JsonObject().put("active", true));
    Api.Answer control = b.patch("/api/v1/numbers/" + retiredElsewhere, new JsonObject().put("active", true));

    assertThat(probe.status()).isEqualTo(422).isEqualTo(control.status());
    assertThat(probe.json()).isEqualTo(control.json());
    assertThat(numberRows(phone)).isEqualTo(before);
  }

  @Test
  void anAgencyRegisteringItsOwnAccountAgainGetsAccountAlreadyRegisteredAndNothingChanges() {
    String before = accountRow(agencyA.accountSid());

    Api.Answer again = a.post("/api/v1/twilio-accounts", account(agencyA.accountSid(), "another-token-0000000"));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("account_already_registered");
    assertThat(accountRow(agencyA.accountSid())).isEqualTo(before);
  }

  @Test
  void anAgencyAddingItsOwnActiveNumberAgainGetsNumberInUseAndNothingChanges() {
    String phone = Tenants.phone();
    tenants.number(agencyA, wsA, phone);
    long otherWs = tenants.workspace(agencyA, "A Gutters");
    String before = numberRows(phone);

    Api.Answer again = a.post("/api/v1/numbers", number(otherWs, agencyA.accountSid(), phone));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("number_in_use");
    assertThat(numberRows(phone)).isEqualTo(before);
  }

  @Test
  void aCallerWhoProvesControlOfAnAccountAnotherAgencyHoldsIsToldOnlyThatItIsHeldElsewhere() {
    try (LogCapture logs = LogCapture.open()) {
      Api.Answer answer = b.post("/api/v1/twilio-accounts", account(agencyA.accountSid(), agencyA.authToken()));

      assertThat(answer.status()).isEqualTo(409);
      assertThat(answer.code()).isEqualTo("account_registered_elsewhere");
      assertThat(answer.json().fieldNames()).containsExactlyInAnyOrder("code", "message");
      assertThat(answer.text()).doesNotContain("Holder A").doesNotContain(String.valueOf(agencyA.id()));
      assertThat(logs.from("com.missedcall.admin.accounts")).anySatisfy(line -> assertThat(line)
          .contains("requestingAgency=" + agencyB.id(), "holdingAgency=" + agencyA.id()));
    }
    assertThat(tenants.queryLong("SELECT agency_id FROM twilio_accounts WHERE account_sid = ?", agencyA.accountSid()))
        .isEqualTo(agencyA.id());
  }

  @Test
  void aCallerWhoseTwilioAccountListsANumberAnotherAgencyHoldsIsToldOnlyThatItIsHeldElsewhere() {
    String phone = Tenants.phone();
    tenants.number(agencyA, wsA, phone);
    admin.twilio().placeNumber(agencyB.accountSid(), phone); // ported away from A's account; A's claim is stale
    String before = numberRows(phone);

    try (LogCapture logs = LogCapture.open()) {
      Api.Answer answer = b.post("/api/v1/numbers", number(wsB, agencyB.accountSid(), phone));

      assertThat(answer.status()).isEqualTo(409);
      assertThat(answer.code()).isEqualTo("number_registered_elsewhere");
      assertThat(answer.json().fieldNames()).containsExactlyInAnyOrder("code", "message");
      assertThat(answer.text()).doesNotContain("Holder A").doesNotContain("A Roofing").doesNotContain(phone);
      assertThat(logs.from("com.missedcall.admin.numbers")).anySatisfy(line -> assertThat(line)
          .contains("requestingAgency=" + agencyB.id(), "holdingAgency=" + agencyA.id()).doesNotContain(phone));
    }
    assertThat(numberRows(phone)).isEqualTo(before);
  }
}

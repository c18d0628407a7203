package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fields the server owns cannot be set by a request body, whatever the body says. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MassAssignmentTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Tenants.Agency other;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Plain Agency");
    other = tenants.agency("Other Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private String row(long workspaceId) {
    return tenants.queryString("SELECT concat_ws('|', agency_id, plan_code, billing_status, daily_sms_cap, "
        + "monthly_lead_cap, created_at, id) FROM workspaces WHERE id = ?", workspaceId);
  }

  @Test
  void identityAndOwnershipFieldsInAPatchAreRefusedAndNothingChanges() {
    long id = tenants.workspace(agency, "Owned");
    String before = row(id);

    Api.Answer answer = api.patch("/api/v1/workspaces/" + id, new JsonObject().put("name", "Stolen")
        .put("agency_id", other.id()).put("id", 1).put("created_at", "2000-01-01T00:00:00Z"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
    assertThat(row(id)).isEqualTo(before);
    assertThat(tenants.queryString("SELECT name FROM workspaces WHERE id = ?", id)).isEqualTo("Owned");
  }

  @Test
  void planBillingAndCapsAreRefusedForAnAgencyThatMayNotSetThem() {
    long id = tenants.workspace(agency, "Capped");
    String before = row(id);

    Api.Answer answer = api.patch("/api/v1/workspaces/" + id, new JsonObject().put("plan_code", "pro")
        .put("billing_status", "active").put("daily_sms_cap", 100000).put("monthly_lead_cap", 100000));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.code()).isEqualTo("field_not_permitted");
    assertThat(answer.json().getString("message")).contains("plan_code", "billing_status", "daily_sms_cap",
        "monthly_lead_cap");
    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void aCreateCannotChooseItsAgencyOrCaps() {
    Api.Answer withAgency = api.post("/api/v1/workspaces", new JsonObject().put("name", "Mine").put("agency_id", other.id()));
    Api.Answer withCap = api.post("/api/v1/workspaces", new JsonObject().put("name", "Mine").put("daily_sms_cap", 99999));

    assertThat(withAgency.status()).isEqualTo(400);
    assertThat(withCap.status()).isEqualTo(403);
    assertThat(tenants.queryLong("SELECT count(*) FROM workspaces WHERE name = 'Mine'")).isZero();
  }

  @Test
  void aResellerAgencyMaySetPlanBillingAndCaps() {
    Tenants.Agency reseller = tenants.agency("Reseller", true);
    long id = tenants.workspace(reseller, "Resold");

    Api.Answer answer = admin.as(reseller.key()).patch("/api/v1/workspaces/" + id, new JsonObject()
        .put("plan_code", "starter").put("billing_status", "trialing").put("daily_sms_cap", 50));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("plan_code")).isEqualTo("starter");
    assertThat(answer.json().getInteger("effective_daily_sms_cap")).isEqualTo(50);
  }

  @Test
  void aResellerStillCannotPickAPlanThatDoesNotExist() {
    Tenants.Agency reseller = tenants.agency("Reseller 2", true);
    long id = tenants.workspace(reseller, "Resold 2");

    Api.Answer answer = admin.as(reseller.key()).patch("/api/v1/workspaces/" + id, new JsonObject().put("plan_code", "free"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("unknown_plan");
  }

  @Test
  void aNumberCannotBeMovedOrRenumberedByAPatch() {
    long ws = tenants.workspace(agency, "Numbered");
    String phone = Tenants.phone();
    long number = tenants.number(agency, ws, phone);
    long otherWs = tenants.workspace(other, "Elsewhere");

    Api.Answer answer = api.patch("/api/v1/numbers/" + number, new JsonObject().put("workspace_id", otherWs)
        .put("phone_number", Tenants.phone()).put("account_sid", other.accountSid()));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(tenants.queryString("SELECT concat_ws('|', workspace_id, phone_number, account_sid) FROM tracked_numbers "
        + "WHERE id = ?", number)).isEqualTo(ws + "|" + phone + "|" + agency.accountSid());
  }

  @Test
  void aWebhookCannotBeGivenItsOwnSecretOrAgency() {
    Api.Answer answer = api.post("/api/v1/webhooks", new JsonObject().put("url", "https://example.com/h")
        .put("events", new io.vertx.core.json.JsonArray().add("lead.created")).put("secret", "whsec_mine")
        .put("agency_id", other.id()));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(tenants.queryLong("SELECT count(*) FROM webhook_endpoints")).isZero();
  }
}

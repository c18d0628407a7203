package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.operator.OperatorApi;
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

/** The platform operator onboards agencies through its own API, with its own keys. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorOnboardingTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Api operator;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    operator = admin.as(tenants.operatorKey("ops team"));
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private long newAgency(JsonObject fields) {
    Api.Answer created = operator.post("/operator/v1/agencies", fields);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getLong("id");
  }

  private String firstKey(long agencyId) {
    Api.Answer key = operator.post("/operator/v1/agencies/" + agencyId + "/api-keys",
        new JsonObject().put("name", "first key"));
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    return key.json().getString("key");
  }

  @Test
  void anOperatorCreatesAnAgencyWhoseFirstKeyThenCreatesAWorkspace() {
    long agencyId = newAgency(new JsonObject().put("name", "Fresh Agency"));
    String key = firstKey(agencyId);

    Api.Answer workspace = admin.as(key).post("/api/v1/workspaces", new JsonObject().put("name", "Fresh Plumbing"));

    assertThat(key).matches("mcr_live_[0-9A-Za-z]{32}");
    assertThat(workspace.status()).as(workspace.toString()).isEqualTo(201);
    assertThat(admin.as(key).get("/api/v1/me").json().getJsonObject("agency").getLong("id")).isEqualTo(agencyId);
    assertThat(operator.get("/operator/v1/agencies/" + agencyId).json().getInteger("workspaces")).isEqualTo(1);
    assertThat(admin.as(key).get("/api/v1/audit-log?target_type=api_key").text()).contains("operator:");
  }

  @Test
  void theKeyFromOperatorApiKeyOpensTheOperatorApiAndAChangedOneRevokesTheOldOne() {
    String first = "mcr_op_" + "A1".repeat(16);
    String second = "mcr_op_" + "B2".repeat(16);

    OperatorApi.bootstrap(admin.pool(), first).await();
    OperatorApi.bootstrap(admin.pool(), first).await();
    int withFirst = admin.as(first).get("/operator/v1/agencies").status();
    OperatorApi.bootstrap(admin.pool(), second).await();

    assertThat(withFirst).isEqualTo(200);
    assertThat(admin.as(first).get("/operator/v1/agencies").code()).isEqualTo("invalid_operator_key");
    assertThat(admin.as(second).get("/operator/v1/agencies").status()).isEqualTo(200);
    assertThat(tenants.queryLong("SELECT count(*) FROM operator_keys WHERE source = 'env'")).isEqualTo(2);
  }

  @Test
  void anAgencyKeyIsNotAnOperatorKey() {
    Tenants.Agency agency = tenants.agency("Plain Agency");

    Api.Answer answer = admin.as(agency.key()).get("/operator/v1/agencies");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("invalid_operator_key");
  }

  @Test
  void anOperatorKeyIsNotAnAgencyKey() {
    Api.Answer answer = operator.get("/api/v1/workspaces");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("invalid_api_key");
  }

  @Test
  void theOperatorApiWithoutAKeyAnswers401WithAStableCode() {
    Api.Answer answer = admin.anonymous().get("/operator/v1/agencies");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("missing_operator_key");
  }

  @Test
  void anAgencyAtItsWorkspaceLimitCannotCreateAnother() {
    long agencyId = newAgency(new JsonObject().put("name", "Small Agency").put("max_workspaces", 1));
    Api agency = admin.as(firstKey(agencyId));
    assertThat(agency.post("/api/v1/workspaces", new JsonObject().put("name", "One")).status()).isEqualTo(201);

    Api.Answer second = agency.post("/api/v1/workspaces", new JsonObject().put("name", "Two"));

    assertThat(second.status()).isEqualTo(403);
    assertThat(second.code()).isEqualTo("workspace_limit_reached");
    assertThat(tenants.queryLong("SELECT count(*) FROM workspaces WHERE agency_id = ?", agencyId)).isEqualTo(1);
  }

  @Test
  void raisingTheLimitLetsTheAgencyCreateAnotherWorkspace() {
    long agencyId = newAgency(new JsonObject().put("name", "Growing Agency").put("max_workspaces", 0));
    Api agency = admin.as(firstKey(agencyId));
    assertThat(agency.post("/api/v1/workspaces", new JsonObject().put("name", "One")).status()).isEqualTo(403);

    Api.Answer raised = operator.patch("/operator/v1/agencies/" + agencyId, new JsonObject().put("max_workspaces", 5));

    assertThat(raised.json().getInteger("max_workspaces")).isEqualTo(5);
    assertThat(agency.post("/api/v1/workspaces", new JsonObject().put("name", "One")).status()).isEqualTo(201);
  }

  @Test
  void aWorkspaceCreatedWithoutAPlanGetsTheAgencysDefaultPlan() {
    long agencyId = newAgency(new JsonObject().put("name", "Pro Agency").put("default_plan_code", "pro"));

    Api.Answer workspace = admin.as(firstKey(agencyId)).post("/api/v1/workspaces", new JsonObject().put("name", "W"));

    assertThat(workspace.json().getString("plan_code")).isEqualTo("pro");
  }

  @Test
  void theOperatorSetsAWorkspacesPlanAndCapsAndTheAgencySeesWhoDidIt() {
    long agencyId = newAgency(new JsonObject().put("name", "Managed Agency"));
    Api agency = admin.as(firstKey(agencyId));
    long workspaceId = agency.post("/api/v1/workspaces", new JsonObject().put("name", "W")).json().getLong("id");

    Api.Answer terms = operator.patch("/operator/v1/workspaces/" + workspaceId + "/terms",
        new JsonObject().put("plan_code", "pro").put("daily_sms_cap", 42).put("billing_status", "trialing"));

    assertThat(terms.status()).as(terms.toString()).isEqualTo(200);
    JsonObject seen = agency.get("/api/v1/workspaces/" + workspaceId).json();
    assertThat(seen.getString("plan_code")).isEqualTo("pro");
    assertThat(seen.getInteger("effective_daily_sms_cap")).isEqualTo(42);
    assertThat(seen.getString("billing_status")).isEqualTo("trialing");
    assertThat(agency.get("/api/v1/audit-log?target_type=workspace&target_id=" + workspaceId).data().getJsonObject(0)
        .getString("actor")).startsWith("operator:");
    assertThat(operator.get("/operator/v1/audit-log").text()).contains("workspace.update");
  }

  @Test
  void anAgencyStillCannotSetItsOwnPlan() {
    long agencyId = newAgency(new JsonObject().put("name", "Unmanaged Agency"));

    Api.Answer answer = admin.as(firstKey(agencyId)).post("/api/v1/workspaces",
        new JsonObject().put("name", "W").put("plan_code", "pro"));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.code()).isEqualTo("field_not_permitted");
  }

  @Test
  void anAgencyMaySetPlansOnceTheOperatorAllowsIt() {
    long agencyId = newAgency(new JsonObject().put("name", "Reseller").put("may_set_plans", true));

    Api.Answer answer = admin.as(firstKey(agencyId)).post("/api/v1/workspaces",
        new JsonObject().put("name", "W").put("plan_code", "pro"));

    assertThat(answer.status()).isEqualTo(201);
  }

  @Test
  void aSuspendedAgencysKeysAreRefused() {
    long agencyId = newAgency(new JsonObject().put("name", "Late Payer"));
    String key = firstKey(agencyId);

    operator.patch("/operator/v1/agencies/" + agencyId, new JsonObject().put("status", "suspended"));
    Api.Answer answer = admin.as(key).get("/api/v1/workspaces");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.code()).isEqualTo("agency_suspended");
  }

  @Test
  void anUnknownPlanIsRefusedWithAStableCode() {
    Api.Answer answer = operator.post("/operator/v1/agencies",
        new JsonObject().put("name", "X").put("default_plan_code", "platinum"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("unknown_plan");
  }

  @Test
  void anUnknownFieldIsRefusedByTheOperatorContract() {
    Api.Answer answer = operator.post("/operator/v1/agencies", new JsonObject().put("name", "X").put("id", 1));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void aKeyForAnAgencyThatDoesNotExistAnswers404() {
    Api.Answer answer = operator.post("/operator/v1/agencies/987654321/api-keys", new JsonObject().put("name", "k"));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("agency_not_found");
  }

  @Test
  void aNewOperatorKeyWorksUntilItIsRevoked() {
    Api.Answer created = operator.post("/operator/v1/operator-keys", new JsonObject().put("name", "second operator"));
    String key = created.json().getString("key");
    assertThat(key).matches("mcr_op_[0-9A-Za-z]{32}");
    assertThat(admin.as(key).get("/operator/v1/plans").status()).isEqualTo(200);

    operator.delete("/operator/v1/operator-keys/" + created.json().getLong("id"));

    assertThat(admin.as(key).get("/operator/v1/plans").code()).isEqualTo("invalid_operator_key");
  }

  @Test
  void theOperatorContractIsPublic() {
    Api.Answer yaml = admin.anonymous().get("/operator/v1/openapi.yaml");

    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.text()).startsWith("openapi: 3.1.0");
  }
}

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

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Audited Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void aChangeIsLoggedWithTheKeyThatMadeItAndWhatChanged() {
    long ws = tenants.workspace(agency, "Before");

    api.patch("/api/v1/workspaces/" + ws, new JsonObject().put("name", "After"));

    JsonObject entry = api.get("/api/v1/audit-log?target_type=workspace&target_id=" + ws).data().getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("workspace.update");
    assertThat(entry.getString("actor")).startsWith("api_key:" + agency.key().substring(0, 15));
    assertThat(entry.getJsonObject("changes").getJsonObject("name").getString("from")).isEqualTo("Before");
    assertThat(entry.getJsonObject("changes").getJsonObject("name").getString("to")).isEqualTo("After");
  }

  @Test
  void aPatchThatChangesNothingLogsNothing() {
    long ws = tenants.workspace(agency, "Same");

    api.patch("/api/v1/workspaces/" + ws, new JsonObject().put("name", "Same"));

    assertThat(api.get("/api/v1/audit-log?target_type=workspace&target_id=" + ws).data()).isEmpty();
  }

  @Test
  void secretsNeverEnterTheLog() {
    admin.twilio().addAccount("AC" + "12".repeat(16), "super-secret-token-123");
    api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", "AC" + "12".repeat(16))
        .put("auth_token", "super-secret-token-123"));
    api.post("/api/v1/webhooks", new JsonObject().put("url", "https://example.com/h")
        .put("events", new io.vertx.core.json.JsonArray().add("lead.created")));

    String log = api.get("/api/v1/audit-log?limit=200").text();

    assertThat(log).contains("twilio_account.create", "webhook.create").doesNotContain("super-secret-token")
        .doesNotContain("whsec_");
  }

  @Test
  void theLogIsNewestFirstAndPagesByCursor() {
    for (int i = 0; i < 3; i++) {
      api.post("/api/v1/api-keys", new JsonObject().put("name", "audited " + i));
    }

    Api.Answer first = api.get("/api/v1/audit-log?target_type=api_key&limit=2");
    Api.Answer second = api.get("/api/v1/audit-log?target_type=api_key&limit=2&cursor=" + first.json().getString("next_cursor"));

    assertThat(first.data()).hasSize(2);
    assertThat(first.data().getJsonObject(0).getLong("id")).isGreaterThan(first.data().getJsonObject(1).getLong("id"));
    assertThat(second.data().getJsonObject(0).getLong("id")).isLessThan(first.data().getJsonObject(1).getLong("id"));
  }

  @Test
  void anUnknownTargetTypeIsRefused() {
    assertThat(api.get("/api/v1/audit-log?target_type=planet").status()).isEqualTo(400);
  }
}

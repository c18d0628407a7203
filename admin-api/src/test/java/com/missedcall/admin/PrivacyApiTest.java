package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The privacy controls of the admin API: retention settings, the agency-wide erasure, the opt-out ledger export. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyApiTest {
  private AdminUnderTest admin;
  private Tenants tenants;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private record Setup(Tenants.Agency agency, Api api, long ws, String number) {}

  private Setup setup(String name) {
    Tenants.Agency agency = tenants.agency(name);
    long ws = tenants.workspace(agency, name + " Plumbing");
    String number = Tenants.phone();
    tenants.number(agency, ws, number);
    return new Setup(agency, admin.as(agency.key()), ws, number);
  }

  private static JsonObject retention(Object bodies, Object transcripts) {
    return new JsonObject().put("message_body_days", bodies).put("transcript_days", transcripts);
  }

  @Test
  void aWorkspaceKeepsEverythingForEverUntilRetentionIsSet() {
    Setup s = setup("Keeper");

    JsonObject got = s.api().get("/api/v1/workspaces/" + s.ws() + "/privacy/retention").json();

    assertThat(got.getValue("message_body_days")).isNull();
    assertThat(got.getValue("transcript_days")).isNull();
    assertThat(got.getValue("last_purge")).isNull();
  }

  @Test
  void settingRetentionStoresTheDaysAndIsAudited() {
    Setup s = setup("Setter");

    Api.Answer put = s.api().send("PUT", "/api/v1/workspaces/" + s.ws() + "/privacy/retention", retention(30, 3650),
        Map.of());

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().getInteger("message_body_days")).isEqualTo(30);
    assertThat(put.json().getInteger("transcript_days")).isEqualTo(3650);
    assertThat(tenants.queryString("SELECT message_body_days || '/' || transcript_days FROM workspace_retention"
        + " WHERE workspace_id = ?", s.ws())).isEqualTo("30/3650");
    assertThat(tenants.queryString("SELECT changes::text FROM audit_log WHERE agency_id = ? AND action = 'retention.update'",
        s.agency().id())).contains("\"message_body_days\"").contains("30");
  }

  @Test
  void nullRetentionKeepsForEverAgain() {
    Setup s = setup("Forgetful");
    String path = "/api/v1/workspaces/" + s.ws() + "/privacy/retention";
    s.api().send("PUT", path, retention(30, 30), Map.of());

    JsonObject got = s.api().send("PUT", path, retention(null, 30), Map.of()).json();

    assertThat(got.getValue("message_body_days")).isNull();
    assertThat(got.getInteger("transcript_days")).isEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "3651", "1.5", "\"30\"", "true"})
  void aRetentionOfThisManyDaysIsRefusedAndNothingIsStored(String days) {
    Setup s = setup("Refused " + days.replace("\"", ""));

    Api.Answer put = s.api().send("PUT", "/api/v1/workspaces/" + s.ws() + "/privacy/retention",
        "{\"message_body_days\": " + days + ", \"transcript_days\": null}", Map.of());

    assertThat(put.status()).as(put.text()).isEqualTo(400);
    assertThat(put.json().getString("code")).isNotBlank();
    assertThat(tenants.queryLong("SELECT count(*) FROM workspace_retention WHERE workspace_id = ?", s.ws())).isZero();
  }

  @Test
  void aReadOnlyKeyCannotEraseACaller() {
    Setup s = setup("Reader");
    String caller = Tenants.phone();
    tenants.missedCall(s.agency(), s.ws(), caller, s.number());
    String key = s.api().post("/api/v1/api-keys", new JsonObject().put("name", "ro").put("scope", "read_only"))
        .json().getString("key");

    Api.Answer erase = admin.as(key).post("/api/v1/workspaces/" + s.ws() + "/privacy/erase",
        new JsonObject().put("phone", caller));

    assertThat(erase.status()).isEqualTo(403);
    assertThat(tenants.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ? AND caller = ?", s.ws(), caller))
        .isEqualTo(1);
  }

  @Test
  void erasingAcrossTheAgencyErasesTheCallerFromEachOfItsWorkspacesWithTotals() {
    Setup s = setup("Twin");
    long second = tenants.workspace(s.agency(), "Twin Electric");
    String secondNumber = Tenants.phone();
    tenants.number(s.agency(), second, secondNumber);
    String caller = Tenants.phone();
    tenants.missedCall(s.agency(), s.ws(), caller, s.number());
    tenants.missedCall(s.agency(), second, caller, secondNumber);

    JsonObject answer = s.api().post("/api/v1/privacy/erase", new JsonObject().put("phone", caller)).json();

    assertThat(answer.getJsonObject("erased").getLong("leads")).isEqualTo(2);
    assertThat(answer.getJsonArray("workspaces").stream().map(w -> ((JsonObject) w).getLong("workspace_id")))
        .containsExactly(s.ws(), second);
    assertThat(tenants.queryLong("SELECT count(*) FROM leads WHERE caller = ?", caller)).isZero();
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE agency_id = ? AND action = 'caller.erased'",
        s.agency().id())).isEqualTo(2);
  }

  @Test
  void theOptOutLedgerExportListsHashesWhenAndSourceAndNoPhoneNumber() {
    Setup s = setup("Ledger");
    String kept = Tenants.phone();
    String erased = Tenants.phone();
    tenants.execute("INSERT INTO opt_outs (workspace_id, phone, source, evidence) VALUES (" + s.ws() + ", '" + kept
        + "', 'keyword', 'STOP'), (" + s.ws() + ", '" + erased + "', 'twilio_21610', NULL)");
    String erasedHash = s.api().post("/api/v1/workspaces/" + s.ws() + "/privacy/erase",
        new JsonObject().put("phone", erased)).json().getString("number_hash");

    Api.Answer csv = s.api().get("/api/v1/workspaces/" + s.ws() + "/privacy/opt-out-ledger.csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    List<String> lines = csv.text().lines().toList();
    assertThat(lines.get(0)).isEqualTo("number_hash,opted_out_at,source,opted_in_at,erased");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).matches("[0-9a-f]{64},\\d{4}-.*Z,keyword,,false");
    assertThat(lines.get(2)).startsWith(erasedHash + ",").endsWith(",twilio_21610,,true");
    assertThat(csv.text()).doesNotContain(kept.substring(2)).doesNotContain(erased.substring(2)).doesNotContain("+1");
  }
}

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A workspace whose texts carriers blocked (its sending paused by Twilio 30007/30034): the setup check, the
 * overview and the lead's calls say so in plain words, and an operator of its own agency, and only one, resumes it.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendingPauseTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Pause Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  /** A workspace with a number, paused as the carrier outcome of a blocked text leaves it. */
  private long pausedWorkspace(String name, int code) {
    long ws = tenants.workspace(agency, name);
    tenants.number(agency, ws, Tenants.phone());
    tenants.execute("UPDATE workspaces SET sending_paused_at = now(), sending_paused_code = " + code
        + " WHERE id = " + ws);
    return ws;
  }

  private boolean paused(long ws) {
    return tenants.queryString("SELECT sending_paused_at::text FROM workspaces WHERE id = ?", ws) != null;
  }

  @Test
  void aPausedWorkspaceNeedsActionInTheSetupCheck() {
    long ws = pausedWorkspace("Filtered Plumbing", 30007);

    JsonObject check = api.get("/api/v1/workspaces/" + ws + "/setup-check").json();

    JsonObject number = check.getJsonArray("numbers").getJsonObject(0);
    assertThat(number.getString("state")).isEqualTo("action_needed");
    JsonObject sending = number.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> "sending".equals(c.getString("key"))).findFirst().orElseThrow();
    assertThat(sending.getBoolean("ok")).isFalse();
    assertThat(sending.getString("detail")).contains("paused").contains("30007").contains("/sending/resume");
  }

  @Test
  void aPausedWorkspaceIsListedInTheOverview() {
    long ws = pausedWorkspace("Unregistered Electric", 30034);

    JsonObject overview = api.get("/api/v1/overview").json();

    JsonArray paused = overview.getJsonArray("sending_paused");
    JsonObject entry = paused.stream().map(JsonObject.class::cast)
        .filter(p -> p.getLong("workspace_id") == ws).findFirst().orElseThrow();
    assertThat(entry.getString("workspace_name")).isEqualTo("Unregistered Electric");
    assertThat(entry.getInteger("code")).isEqualTo(30034);
    assertThat(entry.getString("since")).isNotNull();
    assertThat(api.get("/api/v1/overview?workspace_id=" + ws).json().getJsonArray("sending_paused")).hasSize(1);
  }

  @Test
  void aCallSkippedWhileSendingIsPausedIsExplained() {
    long ws = pausedWorkspace("Paused Roofing", 30007);
    String number = tenants.queryString("SELECT phone_number FROM tracked_numbers WHERE workspace_id = ?", ws);

    Tenants.Decided call = tenants.missedCall(agency, ws, Tenants.phone(), number);

    assertThat(call.reason()).isEqualTo("sending_paused");
    JsonObject reason = api.get("/api/v1/leads/" + call.leadId()).json().getJsonArray("calls").getJsonObject(0)
        .getJsonObject("reason");
    assertThat(reason.getString("code")).isEqualTo("sending_paused");
    assertThat(reason.getString("label")).contains("paused");
    assertThat(reason.getString("explanation")).startsWith("Not texted: texting callers was paused");
  }

  @Test
  void resumingClearsThePauseIsAuditedAndNewCallsAreTextedAgain() {
    long ws = pausedWorkspace("Resumed HVAC", 30007);
    String number = tenants.queryString("SELECT phone_number FROM tracked_numbers WHERE workspace_id = ?", ws);

    Api.Answer resumed = api.post("/api/v1/workspaces/" + ws + "/sending/resume", null);

    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.json().getValue("sending_paused_at")).isNull();
    assertThat(paused(ws)).isFalse();
    JsonObject entry = api.get("/api/v1/audit-log?target_type=workspace&target_id=" + ws).data().getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("workspace.sending_resume");
    assertThat(entry.getJsonObject("changes").getJsonObject("sending_paused_code").getInteger("from")).isEqualTo(30007);
    assertThat(tenants.missedCall(agency, ws, Tenants.phone(), number).reason()).isEqualTo("texted");
  }

  @Test
  void resumingAWorkspaceThatIsNotPausedChangesNothing() {
    long ws = tenants.workspace(agency, "Never Paused");

    Api.Answer resumed = api.post("/api/v1/workspaces/" + ws + "/sending/resume", null);

    assertThat(resumed.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/audit-log?target_type=workspace&target_id=" + ws).data()).isEmpty();
  }

  @Test
  void agencyBCannotResumeAgencyAsWorkspace() {
    long ws = pausedWorkspace("A's Paused Plumbing", 30007);
    Tenants.Agency other = tenants.agency("Agency B");
    Api b = admin.as(other.key());

    Api.Answer foreign = b.post("/api/v1/workspaces/" + ws + "/sending/resume", null);
    Api.Answer missing = b.post("/api/v1/workspaces/987654321/sending/resume", null);

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.text()).isEqualTo(missing.text());
    assertThat(paused(ws)).isTrue();
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE target_id = ?", String.valueOf(ws))).isZero();
  }
}

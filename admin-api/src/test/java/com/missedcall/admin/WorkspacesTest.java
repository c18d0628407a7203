package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
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
class WorkspacesTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private final List<String> invalidations = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Workspace Agency");
    api = admin.as(agency.key());
    admin.vertx().eventBus().<String>consumer(Addresses.NUMBERS_CHANGED, m -> invalidations.add(m.body()));
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private long workspace(String name) {
    return tenants.workspace(agency, name);
  }

  @Test
  void aNewWorkspaceStartsOnTheDefaultsAndIsAudited() {
    Api.Answer created = api.post("/api/v1/workspaces", new JsonObject().put("name", "Bright Electric")
        .put("timezone", "America/Chicago").put("business_hours", "Mon-Fri 8am-6pm"));

    assertThat(created.status()).isEqualTo(201);
    JsonObject ws = created.json();
    assertThat(ws.getString("name")).isEqualTo("Bright Electric");
    assertThat(ws.getString("timezone")).isEqualTo("America/Chicago");
    assertThat(ws.getString("plan_code")).isEqualTo("starter");
    assertThat(ws.getInteger("effective_daily_sms_cap")).isEqualTo(200);
    assertThat(ws.getString("business_hours")).isEqualTo("Mon-Fri 8am-6pm");
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'workspace.create' AND target_id = ?",
        String.valueOf(ws.getLong("id")))).isEqualTo(1);
  }

  @Test
  void aWorkspaceWithoutANameIsRefused() {
    Api.Answer answer = api.post("/api/v1/workspaces", new JsonObject().put("timezone", "UTC"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void anUnknownTimezoneIsRefusedWithItsOwnCode() {
    Api.Answer answer = api.post("/api/v1/workspaces", new JsonObject().put("name", "X").put("timezone", "Mars/Olympus"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_timezone");
  }

  @Test
  void aWorkspaceIsReadByItsId() {
    long id = workspace("Read Me");

    Api.Answer answer = api.get("/api/v1/workspaces/" + id);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("name")).isEqualTo("Read Me");
    assertThat(answer.json().getJsonObject("plan").getBoolean("textback")).isTrue();
  }

  @Test
  void aMissingWorkspaceAnswers404() {
    Api.Answer answer = api.get("/api/v1/workspaces/987654");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("workspace_not_found");
  }

  @Test
  void anIdThatIsNotANumberIsRefusedByTheContract() {
    Api.Answer answer = api.get("/api/v1/workspaces/abc");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void aPatchChangesOnlyTheFieldsSentAuditsThemAndDropsCachedNumbers() {
    long id = workspace("Patch Me");
    invalidations.clear();

    Api.Answer answer = api.patch("/api/v1/workspaces/" + id, new JsonObject().put("services", "Drains and boilers")
        .put("emergency_words", new JsonArray().add("flood").add("gas")).put("followup_enabled", false));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("name")).isEqualTo("Patch Me");
    assertThat(answer.json().getString("services")).isEqualTo("Drains and boilers");
    assertThat(answer.json().getJsonArray("emergency_words")).containsExactly("flood", "gas");
    assertThat(answer.json().getBoolean("followup_enabled")).isFalse();
    String changes = tenants.queryString("SELECT changes::text FROM audit_log WHERE action = 'workspace.update' "
        + "AND target_id = ? ORDER BY id DESC LIMIT 1", String.valueOf(id));
    assertThat(new JsonObject(changes).fieldNames()).containsExactlyInAnyOrder("services", "emergency_words",
        "followup_enabled");
    org.awaitility.Awaitility.await().until(() -> invalidations.contains("*"));
  }

  @Test
  void anEmptyPatchIsRefused() {
    Api.Answer answer = api.patch("/api/v1/workspaces/" + workspace("Empty"), new JsonObject());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void patchingAMissingWorkspaceAnswers404() {
    Api.Answer answer = api.patch("/api/v1/workspaces/987654", new JsonObject().put("name", "Ghost"));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("workspace_not_found");
  }

  @Test
  void theListPagesByCursorAndFiltersByNameAndStatus() {
    workspace("Zeta Roofing");
    workspace("Zeta Gutters");
    long inactive = workspace("Zeta Closed");
    api.patch("/api/v1/workspaces/" + inactive, new JsonObject().put("status", "inactive"));

    Api.Answer first = api.get("/api/v1/workspaces?q=zeta&status=active&limit=1");
    Api.Answer second = api.get("/api/v1/workspaces?q=zeta&status=active&limit=1&cursor="
        + first.json().getString("next_cursor"));

    assertThat(first.data()).hasSize(1);
    assertThat(second.data()).hasSize(1);
    assertThat(second.json().getString("next_cursor")).isNull();
    assertThat(List.of(first.data().getJsonObject(0).getString("name"), second.data().getJsonObject(0).getString("name")))
        .containsExactlyInAnyOrder("Zeta Roofing", "Zeta Gutters");
  }

  @Test
  void aTamperedCursorIsRefused() {
    Api.Answer answer = api.get("/api/v1/workspaces?cursor=bm90LWEtY3Vyc29y");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_cursor");
  }

  @Test
  void recoveryShowsEachChannelAndWhyOneIsOffInPlainWords() {
    long id = workspace("Channels");

    JsonObject recovery = api.get("/api/v1/workspaces/" + id + "/recovery").json();

    JsonObject textback = channel(recovery, "sms_textback");
    assertThat(textback.getBoolean("enabled")).isFalse();
    assertThat(textback.getString("reason")).isEqualTo("No active tracked number");
    assertThat(recovery.getJsonObject("preview").getString("text")).startsWith("Channels: Sorry we missed your call!");
  }

  @Test
  void recoveryOfAMissingWorkspaceAnswers404() {
    assertThat(api.get("/api/v1/workspaces/987654/recovery").status()).isEqualTo(404);
  }

  @Test
  void thePreviewRendersTheTemplateWithTheBusinessNameAndCountsSegments() {
    long id = workspace("Joe's Plumbing");

    JsonObject preview = api.post("/api/v1/workspaces/" + id + "/recovery/preview",
        new JsonObject().put("textback_template", "{business}: Missed you! Reply and we’ll call back.")).json();

    assertThat(preview.getString("text")).isEqualTo("Joe's Plumbing: Missed you! Reply and we'll call back. Reply STOP to opt out.");
    assertThat(preview.getInteger("segments")).isEqualTo(1);
    assertThat(preview.getString("encoding")).isEqualTo("GSM-7");
  }

  @Test
  void aLongOrEmojiTemplateShowsItsExtraSegmentsAndEncoding() {
    long id = workspace("Emoji Co");

    JsonObject preview = api.post("/api/v1/workspaces/" + id + "/recovery/preview",
        new JsonObject().put("textback_template", "Sorry we missed you 😊 " + "x".repeat(80))).json();

    assertThat(preview.getString("encoding")).isEqualTo("UCS-2");
    assertThat(preview.getInteger("segments")).isGreaterThan(1);
  }

  @Test
  void aPreviewWithAnUnknownFieldIsRefused() {
    long id = workspace("Strict");

    Api.Answer answer = api.post("/api/v1/workspaces/" + id + "/recovery/preview", new JsonObject().put("body", "x"));

    assertThat(answer.status()).isEqualTo(400);
  }

  @Test
  void usageCountsTodaysSmsAndThisMonthsLeadsAgainstTheCaps() {
    long id = workspace("Usage Co");
    String number = Tenants.phone();
    tenants.number(agency, id, number);
    tenants.missedCall(agency, id, Tenants.phone(), number);

    JsonObject usage = api.get("/api/v1/workspaces/" + id + "/usage").json();

    assertThat(usage.getJsonObject("sms_today").getInteger("used")).isEqualTo(1);
    assertThat(usage.getJsonObject("sms_today").getInteger("cap")).isEqualTo(1000);
    assertThat(usage.getJsonObject("leads_this_month").getInteger("used")).isEqualTo(1);
    assertThat(usage.getJsonObject("leads_this_month").getBoolean("reached")).isFalse();
  }

  @Test
  void usageOfAMissingWorkspaceAnswers404() {
    assertThat(api.get("/api/v1/workspaces/987654/usage").code()).isEqualTo("workspace_not_found");
  }

  @Test
  void agencyUsageListsEveryWorkspace() {
    long id = workspace("Listed Usage");

    Api.Answer answer = api.get("/api/v1/usage");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.data().stream().map(o -> ((JsonObject) o).getLong("workspace_id"))).contains(id);
  }

  private static JsonObject channel(JsonObject recovery, String code) {
    return recovery.getJsonArray("channels").stream().map(JsonObject.class::cast)
        .filter(c -> code.equals(c.getString("channel"))).findFirst().orElseThrow();
  }
}

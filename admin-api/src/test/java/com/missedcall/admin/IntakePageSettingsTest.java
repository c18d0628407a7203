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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The intake page's colour, questions and link lifetime through the admin API: defaults, saved, validated. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakePageSettingsTest {
  private AdminUnderTest admin;
  private TestDatabase db;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Intake Settings Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static String page(long ws) {
    return "/api/v1/workspaces/" + ws + "/intake-page";
  }

  private Api.Answer put(long ws, JsonObject body) {
    return api.send("PUT", page(ws), body.encode(), Map.of("Content-Type", "application/json"));
  }

  @Test
  void aWorkspaceThatNeverChangedItsPageShowsTheDefaultsAndEveryQuestionItCouldAsk() {
    long ws = tenants.workspace(agency, "Default Page Plumbing");

    JsonObject page = api.get(page(ws)).json();

    assertThat(page.getBoolean("configured")).isFalse();
    assertThat(page.getString("brand_color")).isEqualTo("#1d4ed8");
    assertThat(page.getJsonArray("fields")).containsExactly("need", "address", "urgency", "callback_time");
    assertThat(page.getInteger("link_ttl_hours")).isEqualTo(72);
    assertThat(page.getString("link_lifetime")).isEqualTo("3 days");
    assertThat(page.getJsonArray("questions")).hasSize(5);
    assertThat(page.getJsonArray("questions").getJsonObject(0).getString("field")).isEqualTo("first_name");
    assertThat(page.getJsonArray("questions").getJsonObject(0).getBoolean("asked")).isFalse();
  }

  @Test
  void colourQuestionsAndLifetimeAreSavedInTheTableThePageReadsAndAudited() {
    long ws = tenants.workspace(agency, "Teal Page Plumbing");

    Api.Answer saved = put(ws, new JsonObject().put("brand_color", "#0F766E")
        .put("fields", new JsonArray().add("first_name").add("need").add("callback_time")).put("link_ttl_hours", 36));

    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    assertThat(saved.json().getBoolean("configured")).isTrue();
    assertThat(saved.json().getString("link_lifetime")).isEqualTo("1 day and 12 hours");
    assertThat(db.queryString("SELECT concat(brand_color, ' ', array_to_string(fields, ','), ' ', link_ttl_hours) "
        + "FROM intake_settings WHERE workspace_id = ?", ws)).isEqualTo("#0f766e first_name,need,callback_time 36");
    assertThat(db.queryLong("SELECT count(*) FROM audit_log WHERE action = 'workspace.intake_page_update' "
        + "AND target_id = CAST(? AS text)", ws)).isEqualTo(1);
    assertThat(api.get(page(ws)).json().getJsonArray("fields")).containsExactly("first_name", "need", "callback_time");
  }

  @Test
  void aFieldLeftOutOfTheBodyKeepsItsValue() {
    long ws = tenants.workspace(agency, "Partial Page Plumbing");
    put(ws, new JsonObject().put("link_ttl_hours", 5));

    JsonObject after = put(ws, new JsonObject().put("brand_color", "#111111")).json();

    assertThat(after.getInteger("link_ttl_hours")).isEqualTo(5);
    assertThat(after.getString("link_lifetime")).isEqualTo("5 hours");
    assertThat(after.getJsonArray("fields")).containsExactly("need", "address", "urgency", "callback_time");
  }

  @Test
  void everyProblemIsNamedAtOnceAndNothingIsSaved() {
    long ws = tenants.workspace(agency, "Bad Page Plumbing");

    Api.Answer refused = put(ws, new JsonObject().put("brand_color", "blue")
        .put("fields", new JsonArray().add("address").add("address").add("shoe_size")).put("link_ttl_hours", 721));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("invalid_intake_page");
    assertThat(refused.json().getString("message")).contains("brand_color", "'shoe_size' is not a question",
        "'address' is listed twice", "must include need", "link_ttl_hours");
    assertThat(db.queryLong("SELECT count(*) FROM intake_settings WHERE workspace_id = ?", ws)).isZero();
  }
}

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

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Api api;
  private long workspace;
  private long quiet;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    Tenants.Agency agency = tenants.agency("Overview Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Busy Plumbing");
    String number = Tenants.phone();
    tenants.number(agency, workspace, number);
    String repeat = Tenants.phone();
    tenants.missedCall(agency, workspace, repeat, number);
    tenants.missedCall(agency, workspace, repeat, number);
    tenants.missedCall(agency, workspace, Tenants.phone(), number);
    tenants.decide(agency, workspace, Tenants.phone(), number, "answered");
    // the first text-back was accepted by Twilio; every text-back went out 2 s after its own call
    tenants.execute("UPDATE messages SET message_sid = 'SM' || md5(random()::text), status = 'sent' "
        + "WHERE id = (SELECT min(id) FROM messages WHERE workspace_id = " + workspace + ")");
    tenants.execute("UPDATE messages SET sent_at = created_at + interval '2 seconds' WHERE workspace_id = " + workspace);
    tenants.execute("UPDATE calls c SET received_at = m.created_at FROM messages m "
        + "WHERE c.id = m.call_id AND m.workspace_id = " + workspace);
    quiet = tenants.workspace(agency, "Quiet Electric");
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void theOverviewCountsMissedCallsTextBacksAndRecoveredLeads() {
    JsonObject o = api.get("/api/v1/overview?workspace_id=" + workspace).json();

    assertThat(o.getInteger("missed_calls")).isEqualTo(3);
    assertThat(o.getInteger("texted_calls")).isEqualTo(2);
    assertThat(o.getInteger("answered_calls")).isEqualTo(1);
    assertThat(o.getInteger("recovered_leads")).isEqualTo(2);
    assertThat(o.getInteger("new_leads")).isEqualTo(2);
    assertThat(o.getDouble("text_back_rate")).isEqualTo(0.667);
    assertThat(o.getDouble("median_seconds_to_text_back")).isEqualTo(2.0);
  }

  @Test
  void theOverviewSaysWhyCallsWereNotTexted() {
    JsonArray reasons = api.get("/api/v1/overview?workspace_id=" + workspace).json().getJsonArray("reasons");

    assertThat(reasons.stream().map(r -> ((JsonObject) r).getString("code") + "=" + ((JsonObject) r).getInteger("calls")))
        .containsExactlyInAnyOrder("texted=2", "within_duplicate_window=1", "answered=1");
  }

  @Test
  void theDailySeriesCoversEveryDayOfTheWindow() {
    JsonObject o = api.get("/api/v1/overview?workspace_id=" + workspace + "&days=7").json();

    JsonArray daily = o.getJsonArray("daily");
    assertThat(daily).hasSize(7);
    JsonObject today = daily.getJsonObject(6);
    assertThat(today.getString("date")).isEqualTo(o.getString("to"));
    assertThat(today.getInteger("missed_calls")).isEqualTo(3);
    assertThat(today.getInteger("texted_calls")).isEqualTo(2);
    assertThat(o.getString("timezone")).isEqualTo("America/New_York");
  }

  @Test
  void theOverviewIncludesUsageAndSetupHealth() {
    JsonObject o = api.get("/api/v1/overview").json();

    assertThat(o.getJsonArray("usage")).hasSize(2);
    assertThat(o.getJsonObject("setup").getInteger("numbers")).isEqualTo(1);
  }

  @Test
  void aQuietWorkspaceHasNoRateRatherThanZero() {
    JsonObject o = api.get("/api/v1/overview?workspace_id=" + quiet).json();

    assertThat(o.getInteger("missed_calls")).isZero();
    assertThat(o.getValue("text_back_rate")).isNull();
    assertThat(o.getValue("median_seconds_to_text_back")).isNull();
  }

  @Test
  void aWindowOutsideOneToNinetyDaysIsRefused() {
    assertThat(api.get("/api/v1/overview?days=0").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/overview?days=365").status()).isEqualTo(400);
  }

  @Test
  void theOverviewOfAMissingWorkspaceAnswers404() {
    assertThat(api.get("/api/v1/overview?workspace_id=987654").code()).isEqualTo("workspace_not_found");
  }
}

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

/** GET /workspaces/{id}/daily-summaries: what the daily summary did on the last days, for the settings page. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailySummaryHistoryTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Summary History Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void theLastDaysComeNewestFirstWithWhatWasSentOrWhyItWasSkipped() {
    long ws = tenants.workspace(agency, "Daily Drains");
    // what the workers recorded: sent on the 2nd, skipped on the 3rd (nothing to report)
    tenants.execute("INSERT INTO daily_summaries (workspace_id, day, status, reason, counts, emails, texts) VALUES "
        + "(" + ws + ", '2026-03-02', 'sent', NULL, '{\"missed_calls\": 4}', 1, 2), "
        + "(" + ws + ", '2026-03-03', 'skipped', 'no_missed_calls', '{\"missed_calls\": 0}', 0, 0)");

    JsonArray days = api.get("/api/v1/workspaces/" + ws + "/daily-summaries").data();

    assertThat(days).hasSize(2);
    JsonObject skipped = days.getJsonObject(0);
    assertThat(skipped.getString("day")).isEqualTo("2026-03-03");
    assertThat(skipped.getString("reports_day")).isEqualTo("2026-03-02");
    assertThat(skipped.getString("status")).isEqualTo("skipped");
    assertThat(skipped.getString("reason")).isEqualTo("no_missed_calls");
    assertThat(skipped.getString("reason_words")).startsWith("Nothing to report");
    JsonObject sent = days.getJsonObject(1);
    assertThat(sent.getString("status")).isEqualTo("sent");
    assertThat(sent.getInteger("emails")).isEqualTo(1);
    assertThat(sent.getInteger("texts")).isEqualTo(2);
    assertThat(sent.getJsonObject("counts").getInteger("missed_calls")).isEqualTo(4);
    assertThat(sent.getValue("reason")).isNull();
  }

  @Test
  void theListStopsAtTheLimit() {
    long ws = tenants.workspace(agency, "Limited Drains");
    tenants.execute("INSERT INTO daily_summaries (workspace_id, day, status) SELECT " + ws
        + ", d::date, 'sent' FROM generate_series(date '2026-01-01', date '2026-01-10', interval '1 day') d");

    JsonArray days = api.get("/api/v1/workspaces/" + ws + "/daily-summaries?limit=3").data();

    assertThat(days.stream().map(d -> ((JsonObject) d).getString("day")))
        .containsExactly("2026-01-10", "2026-01-09", "2026-01-08");
  }

  @Test
  void aWorkspaceWhoseSummaryNeverRanListsNoDays() {
    long ws = tenants.workspace(agency, "Quiet Drains");

    assertThat(api.get("/api/v1/workspaces/" + ws + "/daily-summaries").data()).isEmpty();
  }

  @Test
  void aMissingWorkspaceAnswers404() {
    Api.Answer answer = api.get("/api/v1/workspaces/987654321/daily-summaries");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("workspace_not_found");
  }
}

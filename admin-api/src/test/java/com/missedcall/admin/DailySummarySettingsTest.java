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

/** A workspace's daily summary settings through the workspace API. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailySummarySettingsTest {
  private AdminUnderTest admin;
  private Api api;
  private long workspace;
  private Tenants.Agency agency;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    agency = admin.tenants().agency("Summary Agency");
    api = admin.as(agency.key());
    workspace = admin.tenants().workspace(agency, "Summary Plumbing");
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void theDailySummaryIsOffAtEightByDefault() {
    long fresh = admin.tenants().workspace(agency, "Fresh Plumbing");

    JsonObject ws = api.get("/api/v1/workspaces/" + fresh).json();

    assertThat(ws.getBoolean("daily_summary_enabled")).isFalse();
    assertThat(ws.getString("daily_summary_time")).isEqualTo("08:00");
    assertThat(ws.getBoolean("daily_summary_skip_empty")).isTrue();
  }

  @Test
  void theDailySummaryIsSwitchedOnAtALocalTime() {
    Api.Answer changed = api.patch("/api/v1/workspaces/" + workspace,
        new JsonObject().put("daily_summary_enabled", true).put("daily_summary_time", "07:30")
            .put("daily_summary_sms", false));

    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getString("daily_summary_time")).isEqualTo("07:30");
    assertThat(changed.json().getBoolean("daily_summary_sms")).isFalse();
  }

  @Test
  void aTimeThatIsNotATimeOfDayIsRefused() {
    Api.Answer answer = api.patch("/api/v1/workspaces/" + workspace, new JsonObject().put("daily_summary_time", "25:00"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }
}

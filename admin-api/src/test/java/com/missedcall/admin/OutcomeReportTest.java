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

/**
 * The overview's funnel: missed calls → texted → replied → booked, revenue only from booked values, and calls
 * nobody may text (opted out) left out of the rate's denominator with their count shown.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomeReportTest {
  private AdminUnderTest admin;
  private Api api;
  private long workspace;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    Tenants tenants = admin.tenants();
    Tenants.Agency agency = tenants.agency("Funnel Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Funnel Plumbing");
    String number = Tenants.phone();
    tenants.number(agency, workspace, number);
    // four texted callers: two reply, of whom one books for 300 and one books without a value; a third books 
    // for 150 without replying; one opted-out caller is not texted
    String[] callers = {Tenants.phone(), Tenants.phone(), Tenants.phone(), Tenants.phone()};
    long[] leads = new long[4];
    for (int i = 0; i < 4; i++) {
      leads[i] = tenants.missedCall(agency, workspace, callers[i], number).leadId();
    }
    for (int i = 0; i < 2; i++) {
      tenants.queryString("SELECT outcome FROM inbound_sms_receive(?, ?, ?, ?, 'yes please', 'SM' || md5(random()::text), "
          + "1, NULL, NULL)", workspace, agency.accountSid(), number, callers[i]);
    }
    api.post("/api/v1/leads/" + leads[0] + "/outcome", new JsonObject().put("value", 300));
    api.post("/api/v1/leads/" + leads[1] + "/outcome", new JsonObject());
    api.post("/api/v1/leads/" + leads[2] + "/outcome", new JsonObject().put("value", 150));
    String optedOut = Tenants.phone();
    tenants.execute("INSERT INTO opt_outs (workspace_id, phone, source) VALUES (" + workspace + ", '" + optedOut
        + "', 'keyword')");
    tenants.missedCall(agency, workspace, optedOut, number);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void theFunnelGoesFromMissedCallsToTextedToRepliedToBooked() {
    JsonObject funnel = api.get("/api/v1/overview?workspace_id=" + workspace).json().getJsonObject("funnel");

    assertThat(funnel.getInteger("missed_calls")).isEqualTo(5);
    assertThat(funnel.getInteger("texted_calls")).isEqualTo(4);
    assertThat(funnel.getInteger("texted_leads")).isEqualTo(4);
    assertThat(funnel.getInteger("replied_leads")).isEqualTo(2);
    assertThat(funnel.getInteger("booked_leads")).isEqualTo(3);
  }

  @Test
  void recoveredRevenueIsTheSumOfBookedValuesOnly() {
    JsonObject funnel = api.get("/api/v1/overview?workspace_id=" + workspace).json().getJsonObject("funnel");

    assertThat(funnel.getDouble("recovered_revenue")).isEqualTo(450.0);
  }

  @Test
  void callsNobodyMayTextAreLeftOutOfTheRateAndCountedOnTheirOwn() {
    JsonObject o = api.get("/api/v1/overview?workspace_id=" + workspace).json();

    assertThat(o.getInteger("suppressed_calls")).isEqualTo(1);
    assertThat(o.getJsonObject("funnel").getInteger("textable_calls")).isEqualTo(4);
    assertThat(o.getDouble("text_back_rate")).isEqualTo(1.0);
  }

  @Test
  void aLeadUnbookedAgainNoLongerCountsTowardsRevenue() {
    long lead = api.get("/api/v1/leads?workspace_id=" + workspace + "&stage=won&limit=200").data().stream()
        .map(JsonObject.class::cast).filter(l -> Double.valueOf(150.0).equals(l.getDouble("booked_value")))
        .findFirst().orElseThrow().getLong("id");

    api.post("/api/v1/leads/" + lead + "/outcome", new JsonObject().put("outcome", "open"));
    double revenue = api.get("/api/v1/overview?workspace_id=" + workspace).json().getJsonObject("funnel")
        .getDouble("recovered_revenue");
    api.post("/api/v1/leads/" + lead + "/outcome", new JsonObject().put("value", 150));

    assertThat(revenue).isEqualTo(300.0);
  }
}

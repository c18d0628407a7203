package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** CSV exports of a workspace's leads and calls over a date range, streamed, scoped to the caller's agency. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvExportTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private long workspace;
  private String caller;
  private Tenants.Decided decided;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Export Agency");
    workspace = tenants.workspace(agency, "Export Plumbing");
    tenants.execute("UPDATE workspaces SET timezone = 'UTC' WHERE id = " + workspace);
    String number = Tenants.phone();
    tenants.number(agency, workspace, number);
    caller = Tenants.phone();
    decided = tenants.missedCall(agency, workspace, caller, number);
    tenants.execute("UPDATE leads SET need = '=HYPERLINK(\"http://evil\")', address = '12 Main St, Springfield' "
        + "WHERE id = " + decided.leadId());
    // one lead and one call in 2020, outside every default range
    String old = Tenants.phone();
    Tenants.Decided oldCall = tenants.missedCall(agency, workspace, old, number);
    tenants.execute("UPDATE leads SET created_at = '2020-03-01T12:00:00Z' WHERE id = " + oldCall.leadId());
    tenants.execute("UPDATE calls SET received_at = '2020-03-01T12:00:00Z' WHERE id = " + oldCall.callId());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static List<String> lines(Api.Answer answer) {
    return Arrays.asList(answer.text().split("\r\n"));
  }

  @Test
  void theLeadsExportIsCsvWithAHeaderAndOneRowPerLeadInTheRange() {
    Api.Answer csv = admin.as(agency.key()).get("/api/v1/workspaces/" + workspace + "/exports/leads.csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=\"leads-workspace-" + workspace);
    assertThat(lines(csv).get(0)).isEqualTo(
        "id,created_at,caller,stage,call_count,first_call_at,last_call_at,last_texted_at,need,address,urgency,test");
    assertThat(lines(csv)).hasSize(2);
    assertThat(lines(csv).get(1)).startsWith(decided.leadId() + ",").contains("," + caller + ",");
  }

  @Test
  void aCellASpreadsheetWouldRunIsDefusedAndACommaIsQuoted() {
    String row = lines(admin.as(agency.key()).get("/api/v1/workspaces/" + workspace + "/exports/leads.csv")).get(1);

    assertThat(row).contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",").contains(",\"12 Main St, Springfield\",");
    assertThat(row).contains("," + caller + ",");
  }

  @Test
  void theCallsExportCarriesEachCallsDecisionAndReason() {
    Api.Answer csv = admin.as(agency.key()).get("/api/v1/workspaces/" + workspace + "/exports/calls.csv");

    assertThat(lines(csv).get(0)).isEqualTo(
        "id,received_at,call_sid,caller,called,routing_mode,call_status,decision,reason,decided_at,lead_id,test");
    assertThat(lines(csv)).hasSize(2);
    assertThat(lines(csv).get(1)).startsWith(decided.callId() + ",").contains("," + decided.reason() + ",")
        .endsWith("," + decided.leadId() + ",false");
  }

  @Test
  void onlyTheDaysAskedForAreExported() {
    Api api = admin.as(agency.key());

    List<String> march = lines(api.get("/api/v1/workspaces/" + workspace + "/exports/calls.csv?from=2020-03-01&to=2020-03-01"));
    List<String> dayAfter = lines(api.get("/api/v1/workspaces/" + workspace + "/exports/calls.csv?from=2020-03-02&to=2020-03-31"));

    assertThat(march).hasSize(2);
    assertThat(march.get(1)).contains("2020-03-01T12:00:00.000Z");
    assertThat(dayAfter).hasSize(1);
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsRefused() {
    Api.Answer answer = admin.as(agency.key())
        .get("/api/v1/workspaces/" + workspace + "/exports/leads.csv?from=2024-05-02&to=2024-05-01");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_range");
  }

  @Test
  void aDateThatIsNotADateIsRefused() {
    Api.Answer answer = admin.as(agency.key())
        .get("/api/v1/workspaces/" + workspace + "/exports/leads.csv?from=yesterday");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isIn("invalid_request", "invalid_date");
  }

  @Test
  void agencyAsKeyCannotExportAgencyBsData() {
    Tenants.Agency other = tenants.agency("Other Agency");

    Api.Answer foreign = admin.as(other.key()).get("/api/v1/workspaces/" + workspace + "/exports/leads.csv");
    Api.Answer missing = admin.as(other.key()).get("/api/v1/workspaces/987654321/exports/leads.csv");
    Api.Answer calls = admin.as(other.key()).get("/api/v1/workspaces/" + workspace + "/exports/calls.csv");

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.text()).isEqualTo(missing.text()).doesNotContain(caller);
    assertThat(calls.status()).isEqualTo(404);
    assertThat(calls.text()).doesNotContain(caller);
  }

  @Test
  void aLargeExportIsStreamedInChunksWithEveryRow() {
    long big = tenants.workspace(agency, "Big Plumbing");
    tenants.execute("UPDATE workspaces SET timezone = 'UTC' WHERE id = " + big);
    tenants.execute("INSERT INTO leads (workspace_id, caller, created_at) SELECT " + big
        + ", '+1555' || (2000000 + g), '2021-06-15T00:00:00Z'::timestamptz + g * interval '1 second' "
        + "FROM generate_series(1, 5000) g");

    Api.Answer csv = admin.as(agency.key())
        .getRaw("/api/v1/workspaces/" + big + "/exports/leads.csv?from=2021-06-15&to=2021-06-16");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
    List<String> lines = lines(csv);
    assertThat(lines).hasSize(5_001);
    assertThat(lines.get(1)).contains(",+15552000001,");
    assertThat(lines.get(5_000)).contains(",+15552005000,");
  }
}

package com.missedcall.admin.leads;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.Plans;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The leads list and the lead page on a seeded, analyzed database: indexes only, pages in index order. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadPlansTest {
  private Plans plans;
  private String agency;
  private String workspace;
  private String lead;

  @BeforeAll
  void seed(TestDatabase db) {
    plans = Plans.seeded(db);
    agency = String.valueOf(plans.agency());
    workspace = String.valueOf(plans.bigWorkspace());
    lead = String.valueOf(plans.lead());
  }

  private void assertIndexed(Plans.Plan plan) {
    assertThat(plan.wholeTableScans()).as(plan.toString()).isEmpty();
    assertThat(plan.bigSorts()).as(plan.toString()).isEmpty();
  }

  /** $1 agency, $2 workspace, $3 stage, $4 reason, $5 from, $6 to, $7 text, $8 attention, $9/$10 cursor, $11 limit. */
  private Plans.Plan list(LeadStore.Sort sort, String ws, String stage, String reason, String q, String cursor) {
    return plans.explain(sort.sql, agency, ws, stage, reason, "NULL", "NULL", q, "NULL",
        cursor == null ? "NULL" : cursor, cursor == null ? "NULL" : "9223372036854775807", "26");
  }

  @Test
  void aWorkspacesFirstPageOfLeadsComesFromItsIndexNewestCallFirst() {
    assertIndexed(list(LeadStore.Sort.LAST_CALL_DESC, workspace, "NULL", "NULL", "NULL", null));
  }

  @Test
  void aWorkspacesNextPageOfLeadsStartsAtTheCursorInTheIndex() {
    assertIndexed(list(LeadStore.Sort.LAST_CALL_DESC, workspace, "NULL", "NULL", "NULL", "now() - interval '3 days'"));
  }

  @Test
  void aWorkspacesLeadsByCreationComeFromItsIndex() {
    assertIndexed(list(LeadStore.Sort.CREATED_ASC, workspace, "NULL", "NULL", "NULL", null));
  }

  @Test
  void aWorkspacesLeadsBehindOneReasonAreFoundByIndex() {
    assertIndexed(list(LeadStore.Sort.LAST_CALL_DESC, workspace, "NULL", "'daily_sms_cap_reached'", "NULL", null));
  }

  @Test
  void theAgencysLeadsInOneStageAreFoundByIndex() {
    assertIndexed(list(LeadStore.Sort.LAST_CALL_DESC, "NULL", "'won'", "NULL", "NULL", null));
  }

  @Test
  void theAgencysLeadsMatchingATextAreFoundByIndex() {
    assertIndexed(list(LeadStore.Sort.LAST_CALL_DESC, "NULL", "NULL", "NULL", "'water'", null));
  }

  @Test
  void aLeadPageReadsTheLeadItsCallsAndItsMessagesByIndex() {
    assertIndexed(plans.explain(LeadStore.FIND, agency, lead));
    assertIndexed(plans.explain(LeadStore.CALLS, workspace, lead));
    assertIndexed(plans.explain(LeadStore.MESSAGES, workspace, lead));
  }
}

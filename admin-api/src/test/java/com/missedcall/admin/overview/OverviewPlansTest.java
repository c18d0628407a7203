package com.missedcall.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.Plans;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The overview's queries on a seeded, analyzed database: indexes only, no sort of a whole table. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewPlansTest {
  private static final String WEEK = "date_trunc('hour', now() - interval '7 days')";
  private Plans plans;
  private String agency;
  private String workspace;

  @BeforeAll
  void seed(TestDatabase db) {
    plans = Plans.seeded(db);
    agency = String.valueOf(plans.agency());
    workspace = String.valueOf(plans.bigWorkspace());
  }

  private void assertIndexed(Plans.Plan plan) {
    assertThat(plan.wholeTableScans()).as(plan.toString()).isEmpty();
    assertThat(plan.bigSorts()).as(plan.toString()).isEmpty();
  }

  @Test
  void aWorkspacesTotalsReadTheRollupAndTheLastHourOfCallsByIndex() {
    assertIndexed(plans.explain(OverviewStore.ROLLED_TOTALS, agency, workspace, WEEK, plans.freshHour()));
  }

  @Test
  void theAgencysTotalsReadTheRollupAndTheLastHourOfCallsByIndex() {
    assertIndexed(plans.explain(OverviewStore.ROLLED_TOTALS, agency, "NULL", WEEK, plans.freshHour()));
  }

  @Test
  void theReasonsReadTheRollupByIndex() {
    assertIndexed(plans.explain(OverviewStore.ROLLED_REASONS, agency, workspace, WEEK, plans.freshHour()));
  }

  @Test
  void theVoiceFallbacksReadTheRollupByIndex() {
    assertIndexed(plans.explain(OverviewStore.ROLLED_VOICE, agency, workspace, WEEK, plans.freshHour()));
  }

  @Test
  void theDailySeriesReadsTheRollupByIndex() {
    assertIndexed(plans.explain(OverviewStore.ROLLED_DAILY, agency, "NULL", WEEK, "'America/New_York'",
        plans.freshHour()));
  }

  @Test
  void recoveredLeadsAreCountedFromTheIndexOfTextedLeads() {
    assertIndexed(plans.explain(OverviewStore.RECOVERED, agency, "NULL", WEEK));
  }

  @Test
  void newLeadsAreCountedFromTheIndexOfLeadsByCreation() {
    assertIndexed(plans.explain(OverviewStore.NEW_LEADS, agency, workspace, WEEK));
    assertIndexed(plans.explain(OverviewStore.DAILY_LEADS, agency, "NULL", WEEK, "'UTC'"));
  }

  @Test
  void theMedianTimeToTextBackReadsTheWindowsTextBacksByIndex() {
    assertIndexed(plans.explain(OverviewStore.MEDIAN, agency, workspace, WEEK));
  }

  @Test
  void leadsNeedingAttentionAreFoundByIndex() {
    assertIndexed(plans.explain(OverviewStore.ATTENTION, agency, workspace, WEEK));
  }

  @Test
  void usageReadsTheCountersByKey() {
    assertIndexed(plans.explain(UsageStore.USAGE, agency, "NULL"));
  }
}

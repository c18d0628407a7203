package com.missedcall.admin.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.Plans;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The setup check (on every overview) on a seeded, analyzed database. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SetupCheckPlanTest {
  private Plans plans;

  @BeforeAll
  void seed(TestDatabase db) {
    plans = Plans.seeded(db);
  }

  @Test
  void theAgencysNumbersFindTheirLastCallAndLastTextByIndex() {
    Plans.Plan plan = plans.explain(SetupCheck.EVIDENCE, String.valueOf(plans.agency()), "NULL", "NULL");

    assertThat(plan.wholeTableScans()).as(plan.toString()).isEmpty();
    assertThat(plan.bigSorts()).as(plan.toString()).isEmpty();
  }
}

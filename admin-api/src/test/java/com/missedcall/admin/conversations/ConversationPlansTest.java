package com.missedcall.admin.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.Plans;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Conversations on a seeded, analyzed database: indexes only, pages in index order. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationPlansTest {
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
  void aWorkspacesConversationsComeFromItsIndexLatestActivityFirst() {
    assertIndexed(plans.explain(ConversationQueries.LIST, agency, workspace, "NULL", "NULL", "NULL", "NULL", "26"));
  }

  @Test
  void aConversationAndItsThreadAreReadByIndex() {
    String id = String.valueOf(plans.conversation());
    assertIndexed(plans.explain(ConversationQueries.FIND, agency, id));
    assertIndexed(plans.explain(ConversationQueries.MESSAGES, workspace, id));
    assertIndexed(plans.explain(ConversationQueries.EVENTS, workspace, id));
    assertIndexed(plans.explain(ConversationQueries.OF_LEAD, agency, String.valueOf(plans.lead())));
  }
}

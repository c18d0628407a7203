package com.missedcall.recovery.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.conversations.ConversationContext;
import com.missedcall.recovery.conversations.IntakeStep;
import com.missedcall.recovery.conversations.ThreadStore;
import com.missedcall.recovery.conversations.WorkspaceProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AiGuardsTest {
  private static final Instant NOW = Instant.parse("2025-06-10T16:00:00Z");

  private static WorkspaceProfile workspace(boolean active, boolean billing, boolean planAi, boolean aiOn, int limit) {
    return new WorkspaceProfile("Ace", active, billing, ZoneId.of("America/New_York"),
        new WorkspaceProfile.AiPolicy(planAi, aiOn, limit, "persona", false, false, false),
        new WorkspaceProfile.BusinessFacts("", "", "", null, null, null),
        new WorkspaceProfile.Channels(true, true, Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(48),
            true, true));
  }

  private static ConversationContext conversation(WorkspaceProfile ws, boolean open, boolean optedOut, boolean aiOn,
                                                  boolean takeover, int turns) {
    return new ConversationContext(1, 1, 1, "AC1", "+15550000000", "+15551111111",
        new ConversationContext.State(open, aiOn, turns, takeover, false, false, IntakeStep.NEED, null, null, NOW), ws,
        new ConversationContext.LeadFacts(null, null, null, NOW), optedOut, NOW);
  }

  private static final WorkspaceProfile OK = workspace(true, true, true, true, 10);
  private static final ThreadStore.Inbound FRESH = new ThreadStore.Inbound(1, "hi", NOW, false);

  private static String skip(boolean global, ConversationContext ctx, ThreadStore.Inbound message) {
    return AiGuards.before(global, ctx, message).map(SkipReason::code).orElse("answer");
  }

  @Test
  void everyGuardPassingMeansAnAnswer() {
    assertThat(skip(true, conversation(OK, true, false, true, false, 0), FRESH)).isEqualTo("answer");
  }

  @Test
  void eachGuardHasItsReason() {
    assertThat(skip(true, conversation(OK, false, false, true, false, 0), FRESH)).isEqualTo("conversation_closed");
    assertThat(skip(true, conversation(OK, true, true, true, false, 0), FRESH)).isEqualTo("caller_opted_out");
    assertThat(skip(false, conversation(OK, true, false, true, false, 0), FRESH)).isEqualTo("ai_disabled_globally");
    assertThat(skip(true, conversation(workspace(true, true, false, true, 10), true, false, true, false, 0), FRESH))
        .isEqualTo("plan_lacks_ai");
    assertThat(skip(true, conversation(workspace(true, true, true, false, 10), true, false, true, false, 0), FRESH))
        .isEqualTo("ai_disabled_for_workspace");
    assertThat(skip(true, conversation(OK, true, false, false, false, 0), FRESH))
        .isEqualTo("ai_disabled_for_conversation");
    assertThat(skip(true, conversation(OK, true, false, true, true, 0), FRESH)).isEqualTo("staff_takeover");
    assertThat(skip(true, conversation(workspace(false, true, true, true, 10), true, false, true, false, 0), FRESH))
        .isEqualTo("workspace_inactive");
    assertThat(skip(true, conversation(workspace(true, false, true, true, 10), true, false, true, false, 0), FRESH))
        .isEqualTo("billing_inactive");
    assertThat(skip(true, conversation(OK, true, false, true, false, 10), FRESH)).isEqualTo("ai_turn_limit_reached");
  }

  @Test
  void aTextOlderThanTheStalePeriodIsNotAnswered() {
    ThreadStore.Inbound old = new ThreadStore.Inbound(1, "hi", NOW.minus(Duration.ofHours(49)), false);

    assertThat(skip(true, conversation(OK, true, false, true, false, 0), old)).isEqualTo("conversation_stale");
  }

  @Test
  void onlyTheLatestOfSeveralTextsIsAnswered() {
    ThreadStore.Inbound superseded = new ThreadStore.Inbound(1, "hi", NOW, true);

    assertThat(skip(true, conversation(OK, true, false, true, false, 0), superseded))
        .isEqualTo("superseded_by_newer_message");
  }

  @Test
  void anOptOutWinsOverEveryOtherReason() {
    assertThat(skip(false, conversation(workspace(false, false, false, false, 0), true, true, false, true, 5), FRESH))
        .isEqualTo("caller_opted_out");
  }
}

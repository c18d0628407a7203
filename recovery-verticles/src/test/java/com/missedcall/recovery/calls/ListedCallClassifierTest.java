package com.missedcall.recovery.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.workspace.RoutingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListedCallClassifierTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final String CALLER = "+15551234567";

  private static ListedCall inbound(String status) {
    return new ListedCall("CA1", "AC1", null, CALLER, "+15550000001", "inbound", status, NOW.minusSeconds(60),
        "in-progress".equals(status) || "ringing".equals(status) ? null : NOW.minusSeconds(30), 30);
  }

  private static ListedCall leg(String status, int seconds) {
    return new ListedCall("CA2", "AC1", "CA1", "+15550000001", "+15550009999", "outbound-dial", status,
        NOW.minusSeconds(59), NOW.minusSeconds(30), seconds);
  }

  private static Optional<ListedCallClassifier.Classified> classify(ListedCall call, List<ListedCall> legs,
                                                                   RoutingMode mode) {
    return ListedCallClassifier.classify(call, legs, mode, NOW, System.nanoTime());
  }

  @Test
  void everyFinalStatusOfAForwardedCallIsAMissAsItsFinalStatusCallbackWouldBe() {
    for (String status : List.of("completed", "busy", "no-answer", "failed", "canceled")) {
      assertThat(classify(inbound(status), List.of(), RoutingMode.FORWARDING))
          .get().extracting(ListedCallClassifier.Classified::outcome).isEqualTo(CallOutcome.MISSED);
      // the webhook path says the same for the same call
      CallEvent webhook = new CallEvent(CallRoute.STATUS, "AC1", "CA1", null, CALLER, "+15550000001", status, null,
          NOW, 0);
      assertThat(CallClassifier.classify(webhook, RoutingMode.FORWARDING)).isEqualTo(CallOutcome.MISSED);
    }
  }

  @Test
  void aCallStillLiveAtTwilioIsNotClassified() {
    assertThat(classify(inbound("in-progress"), List.of(), RoutingMode.FORWARDING)).isEmpty();
    assertThat(classify(inbound("ringing"), List.of(), RoutingMode.DIRECT)).isEmpty();
  }

  @Test
  void aDirectCallWhoseDialLegCompletedWasAnsweredByTheBusinessAndIsNeverTexted() {
    ListedCallClassifier.Classified c = classify(inbound("completed"), List.of(leg("completed", 42)),
        RoutingMode.DIRECT).orElseThrow();

    assertThat(c.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(c.event().dialCallStatus()).isEqualTo("completed");
    assertThat(CallClassifier.classify(c.event(), RoutingMode.DIRECT)).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void aDirectCallWhoseDialLegWentUnansweredIsAMissWithTheLegStatusAsTheDialActionWouldCarryIt() {
    for (String status : List.of("no-answer", "busy", "failed", "canceled")) {
      ListedCallClassifier.Classified c = classify(inbound("completed"), List.of(leg(status, 0)), RoutingMode.DIRECT)
          .orElseThrow();
      assertThat(c.outcome()).isEqualTo(CallOutcome.MISSED);
      assertThat(c.event().route()).isEqualTo(CallRoute.DIAL_ACTION);
      assertThat(CallClassifier.classify(c.event(), RoutingMode.DIRECT)).isEqualTo(CallOutcome.MISSED);
    }
  }

  @Test
  void aDirectCallWhoseLegIsStillRingingWaits() {
    ListedCall ringing = new ListedCall("CA2", "AC1", "CA1", "+15550000001", "+15550009999", "outbound-dial",
        "ringing", NOW.minusSeconds(59), null, 0);
    assertThat(classify(inbound("completed"), List.of(ringing), RoutingMode.DIRECT)).isEmpty();
  }

  @Test
  void aCompletedDirectCallThatNeverDialledTheBusinessIsAMiss() {
    assertThat(classify(inbound("completed"), List.of(), RoutingMode.DIRECT))
        .get().extracting(ListedCallClassifier.Classified::outcome).isEqualTo(CallOutcome.MISSED);
  }

  @Test
  void aDirectCallThatItselfWentUnansweredIsAMissWithoutLookingAtLegs() {
    assertThat(classify(inbound("no-answer"), List.of(), RoutingMode.DIRECT))
        .get().extracting(ListedCallClassifier.Classified::outcome).isEqualTo(CallOutcome.MISSED);
  }

  @Test
  void anAnonymousCallerIsRecordedButNotTextable() {
    ListedCall anonymous = new ListedCall("CA1", "AC1", null, "+266696687", "+15550000001", "inbound", "completed",
        NOW.minusSeconds(60), NOW.minusSeconds(30), 30);
    assertThat(classify(anonymous, List.of(), RoutingMode.FORWARDING))
        .get().extracting(ListedCallClassifier.Classified::outcome).isEqualTo(CallOutcome.MISSED_ANONYMOUS);
  }

  @Test
  void legsAndOutboundCallsAreNeverClassifiedThemselves() {
    assertThat(classify(leg("no-answer", 0), List.of(), RoutingMode.FORWARDING)).isEmpty();
    ListedCall outbound = new ListedCall("CA3", "AC1", null, "+15550000001", CALLER, "outbound-api", "no-answer",
        NOW.minusSeconds(60), NOW.minusSeconds(30), 0);
    assertThat(classify(outbound, List.of(), RoutingMode.FORWARDING)).isEmpty();
  }

  @Test
  void theCallIsReceivedWhenTheCallerDialledNotWhenTheReconcilerFoundIt() {
    assertThat(classify(inbound("busy"), List.of(), RoutingMode.FORWARDING).orElseThrow().event().receivedAt())
        .isEqualTo(NOW.minusSeconds(60));
  }
}

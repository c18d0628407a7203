package com.missedcall.recovery.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.workspace.RoutingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallClassifierTest {
  private static final String CALLER = "+15557654321";
  private static final String CALL_SID = "CA00000000000000000000000000000001";
  private static final String PARENT_SID = "CA00000000000000000000000000000009";

  private static CallEvent dialAction(String dialCallStatus, String from) {
    return event(CallRoute.DIAL_ACTION, "in-progress", dialCallStatus, null, from);
  }

  private static CallEvent status(String callStatus, String from) {
    return event(CallRoute.STATUS, callStatus, null, null, from);
  }

  private static CallEvent childLegStatus(String callStatus) {
    return event(CallRoute.STATUS, callStatus, null, PARENT_SID, CALLER);
  }

  private static CallEvent event(CallRoute route, String callStatus, String dialCallStatus, String parentCallSid,
                                 String from) {
    Map<String, String> form = new HashMap<>();
    form.put("AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    form.put("CallSid", CALL_SID);
    form.put("To", "+18885550100");
    if (from != null) {
      form.put("From", from);
    }
    if (callStatus != null) {
      form.put("CallStatus", callStatus);
    }
    if (dialCallStatus != null) {
      form.put("DialCallStatus", dialCallStatus);
    }
    if (parentCallSid != null) {
      form.put("ParentCallSid", parentCallSid);
    }
    return CallEvent.from(route, form, Instant.parse("2026-03-01T12:00:00Z"), 0L);
  }

  // --- direct mode: the <Dial> action decides

  @ParameterizedTest
  @ValueSource(strings = {"no-answer", "busy", "failed", "canceled"})
  void aDialActionThatDidNotConnectIsMissed(String dialCallStatus) {
    assertThat(CallClassifier.classify(dialAction(dialCallStatus, CALLER), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.MISSED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"completed", "answered"})
  void aDialActionTheBusinessPickedUpIsAnswered(String dialCallStatus) {
    assertThat(CallClassifier.classify(dialAction(dialCallStatus, CALLER), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.ANSWERED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-progress", "ringing", "something-new"})
  void aDialActionWithAnUnknownStatusIsIgnored(String dialCallStatus) {
    assertThat(CallClassifier.classify(dialAction(dialCallStatus, CALLER), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.IGNORED);
  }

  @Test
  void aDialActionWithoutDialCallStatusIsIgnored() {
    assertThat(CallClassifier.classify(dialAction(null, CALLER), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.IGNORED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-answer", "busy", "completed"})
  void aDialActionOnAForwardingLineIsIgnored(String dialCallStatus) {
    assertThat(CallClassifier.classify(dialAction(dialCallStatus, CALLER), RoutingMode.FORWARDING))
        .isEqualTo(CallOutcome.IGNORED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"completed", "ringing", "in-progress", "queued"})
  void aDirectModeParentStatusThatIsNotAnUnansweredEndIsIgnored(String callStatus) {
    assertThat(CallClassifier.classify(status(callStatus, CALLER), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.IGNORED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-answer", "busy", "failed", "canceled"})
  void aDirectModeInboundLegThatItselfWentUnansweredIsMissed(String callStatus) {
    assertThat(CallClassifier.classify(status(callStatus, CALLER), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.MISSED);
  }

  // --- forwarding mode: the forwarded call's final status is the miss

  @ParameterizedTest
  @ValueSource(strings = {"completed", "busy", "no-answer", "failed", "canceled"})
  void aForwardedCallsFinalStatusIsMissed(String callStatus) {
    assertThat(CallClassifier.classify(status(callStatus, CALLER), RoutingMode.FORWARDING))
        .isEqualTo(CallOutcome.MISSED);
  }

  static Stream<Arguments> progressStatusesInEveryMode() {
    return Stream.of(RoutingMode.values()).flatMap(mode ->
        Stream.of("ringing", "in-progress", "initiated", "queued").map(status -> Arguments.of(mode, status)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("progressStatusesInEveryMode")
  void aProgressCallbackIsIgnored(RoutingMode mode, String callStatus) {
    assertThat(CallClassifier.classify(status(callStatus, CALLER), mode)).isEqualTo(CallOutcome.IGNORED);
  }

  @ParameterizedTest
  @NullSource
  void aStatusCallbackWithoutCallStatusIsIgnored(String callStatus) {
    assertThat(CallClassifier.classify(status(callStatus, CALLER), RoutingMode.FORWARDING))
        .isEqualTo(CallOutcome.IGNORED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"completed", "busy", "no-answer", "failed", "canceled", "ringing"})
  void aChildLegStatusIsIgnoredInForwardingMode(String callStatus) {
    assertThat(CallClassifier.classify(childLegStatus(callStatus), RoutingMode.FORWARDING))
        .isEqualTo(CallOutcome.IGNORED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"completed", "busy", "no-answer", "failed", "canceled", "ringing"})
  void aChildLegStatusIsIgnoredInDirectMode(String callStatus) {
    assertThat(CallClassifier.classify(childLegStatus(callStatus), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.IGNORED);
  }

  // --- the incoming request only opens the call

  @ParameterizedTest
  @EnumSource(RoutingMode.class)
  void anIncomingCallIsPendingInEveryMode(RoutingMode mode) {
    assertThat(CallClassifier.classify(event(CallRoute.INCOMING, "ringing", null, null, CALLER), mode))
        .isEqualTo(CallOutcome.PENDING);
  }

  @Test
  void anIncomingCallFromAnAnonymousCallerIsStillPending() {
    assertThat(CallClassifier.classify(event(CallRoute.INCOMING, "ringing", null, null, "+266696687"),
        RoutingMode.FORWARDING)).isEqualTo(CallOutcome.PENDING);
  }

  // --- callers we cannot text

  @ParameterizedTest
  @ValueSource(strings = {"+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253", "+0000000000",
      "anonymous", "Anonymous", "client:alice", "sip:alice@example.com", "+123", "15557654321", "", "+1555765432a"})
  void aMissedForwardedCallFromAnAnonymousOrUntextableCallerIsMissedAnonymous(String from) {
    assertThat(CallClassifier.classify(status("completed", from), RoutingMode.FORWARDING))
        .isEqualTo(CallOutcome.MISSED_ANONYMOUS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+266696687", "anonymous", "client:alice", "+123"})
  void aMissedDialFromAnAnonymousOrUntextableCallerIsMissedAnonymous(String from) {
    assertThat(CallClassifier.classify(dialAction("no-answer", from), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.MISSED_ANONYMOUS);
  }

  @Test
  void aMissedCallWithoutAFromIsMissedAnonymous() {
    assertThat(CallClassifier.classify(status("completed", null), RoutingMode.FORWARDING))
        .isEqualTo(CallOutcome.MISSED_ANONYMOUS);
  }

  @Test
  void anAnsweredCallFromAnAnonymousCallerStaysAnswered() {
    assertThat(CallClassifier.classify(dialAction("completed", "+266696687"), RoutingMode.DIRECT))
        .isEqualTo(CallOutcome.ANSWERED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+15557654321", "+447911123456", "+12345678", "+123456789012345"})
  void aMissedCallFromARealE164NumberIsMissed(String from) {
    assertThat(CallClassifier.classify(status("no-answer", from), RoutingMode.FORWARDING))
        .isEqualTo(CallOutcome.MISSED);
  }

  @Test
  void whatIsIgnoredInEveryModeIsIgnoredByTheClassifierInBothModesAndNothingElseIs() {
    String[] statuses = {null, "queued", "initiated", "ringing", "in-progress", "answered", "completed", "busy",
        "no-answer", "failed", "canceled"};
    for (CallRoute route : CallRoute.values()) {
      for (String callStatus : statuses) {
        for (String dialStatus : statuses) {
          for (String parent : new String[] {null, PARENT_SID}) {
            CallEvent e = event(route, callStatus, dialStatus, parent, CALLER);
            boolean ignoredBoth = CallClassifier.classify(e, RoutingMode.FORWARDING) == CallOutcome.IGNORED
                && CallClassifier.classify(e, RoutingMode.DIRECT) == CallOutcome.IGNORED;
            if (CallClassifier.ignoredInEveryMode(e)) {
              assertThat(ignoredBoth).as("%s status=%s dial=%s parent=%s", route, callStatus, dialStatus, parent)
                  .isTrue();
            }
          }
        }
      }
    }
    assertThat(CallClassifier.ignoredInEveryMode(childLegStatus("no-answer"))).isTrue();
    assertThat(CallClassifier.ignoredInEveryMode(status("ringing", CALLER))).isTrue();
    assertThat(CallClassifier.ignoredInEveryMode(status("completed", CALLER))).isFalse();
    assertThat(CallClassifier.ignoredInEveryMode(dialAction("no-answer", CALLER))).isFalse();
  }
}

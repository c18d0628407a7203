package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.SentMessage;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MissedCallRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    this.gw = GatewayUnderTest.start(db, redis, Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant(TestTenant builder) {
    return gw.register(builder.create());
  }

  private List<SentMessage> textsTo(String caller) {
    return gw.simulator().messagesTo(caller);
  }

  private String reasonOf(String callSid) {
    return db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid);
  }

  @Test
  void aForwardedMissedCallBecomesOneLeadOneTextedCallAndOneTextFromTheWorkspaceNumber() {
    TestTenant.Created t = tenant(TestTenant.in(db).named("Ace Plumbing"));
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();

    WebhookResponse response = gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(reasonOf(callSid)).isEqualTo("texted");
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(), caller))
        .isEqualTo(1);
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
    SentMessage text = textsTo(caller).get(0);
    assertThat(text.from()).isEqualTo(t.number());
    assertThat(text.body()).startsWith("Ace Plumbing");
    assertThat(text.segments()).isEqualTo(1);
    await().atMost(WAIT).until(() -> text.sid().equals(
        db.queryString("SELECT message_sid FROM messages WHERE to_number = ?", caller)));
  }

  @Test
  void anIncomingCallInForwardingModeIsRecordedAsPendingUntilItsFinalStatus() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();

    WebhookResponse response = gw.post("/twilio/voice/incoming",
        TwilioPayloads.incomingCall(t.accountSid(), callSid, caller, t.number()), t.authToken()).await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<Say>").contains("<Hangup/>");
    assertThat(reasonOf(callSid)).isEqualTo("not_final");
    assertThat(textsTo(caller)).isEmpty();
  }

  @Test
  void aDirectModeCallIsAnsweredWithTwimlThatDialsTheBusinessPhone() {
    TestTenant.Created t = tenant(TestTenant.in(db).direct("+15550001111"));
    String callSid = TwilioPayloads.newCallSid();

    WebhookResponse response = gw.post("/twilio/voice/incoming",
        TwilioPayloads.incomingCall(t.accountSid(), callSid, TestTenant.randomNumber(), t.number()), t.authToken())
        .await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).startsWith("text/xml");
    assertThat(response.body())
        .contains("<Dial action=\"" + gw.url("/twilio/voice/dial-action") + "\"")
        .contains("timeout=\"20\"")
        .contains("<Number>+15550001111</Number>");
  }

  @Test
  void aDirectModeDialThatNobodyAnsweredIsTextedBack() {
    TestTenant.Created t = tenant(TestTenant.in(db).direct("+15550001111"));
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    gw.post("/twilio/voice/incoming", TwilioPayloads.incomingCall(t.accountSid(), callSid, caller, t.number()),
        t.authToken()).await();

    WebhookResponse response = gw.dialEnded(t, callSid, caller, "no-answer").await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(reasonOf(callSid)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
  }

  @Test
  void aCallTheBusinessAnsweredIsRecordedAndNotTexted() {
    TestTenant.Created t = tenant(TestTenant.in(db).direct("+15550001111"));
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();

    gw.dialEnded(t, callSid, caller, "completed").await();

    assertThat(reasonOf(callSid)).isEqualTo("answered");
    assertThat(db.queryLong("SELECT (SELECT count(*) FROM jobs WHERE workspace_id = ?) "
        + "+ (SELECT count(*) FROM messages WHERE workspace_id = ? AND direction = 'outbound')", t.workspaceId(),
        t.workspaceId())).isZero();
  }

  @Test
  void progressCallbacksWriteNothing() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String callSid = TwilioPayloads.newCallSid();

    for (String status : List.of("initiated", "ringing", "in-progress")) {
      WebhookResponse r = gw.post("/twilio/voice/status", TwilioPayloads.callStatus(t.accountSid(), callSid,
          TestTenant.randomNumber(), t.number(), status, 0), t.authToken()).await();
      assertThat(r.statusCode()).isEqualTo(204);
    }

    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid)).isZero();
  }

  @Test
  void theSameWebhookDeliveredTwentyTimesConcurrentlyAndAgainLaterSendsOneText() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();

    List<Future<WebhookResponse>> deliveries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      deliveries.add(gw.forwardedCallEnded(t, callSid, caller));
    }
    Future.all(deliveries).await();
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
    WebhookResponse later = gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(deliveries).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(204));
    assertThat(later.statusCode()).isEqualTo(204);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid)).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback'", t.workspaceId()))
        .isEqualTo(1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller).size()).isEqualTo(1);
  }

  @Test
  void theSameWebhookAfterRedisForgotItIsStillADuplicate() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(t, callSid, caller).await();
    RedisKeys.deleteAll(gw);

    gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback'", t.workspaceId()))
        .isEqualTo(1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller).size()).isEqualTo(1);
  }

  @Test
  void fiveMissedCallsFromOneCallerWithinTheWindowMakeOneLeadFiveCallsAndOneText() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();

    List<Future<WebhookResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller));
    }
    Future.all(calls).await();

    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(1);
    assertThat(db.queryLong("SELECT call_count FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(5);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ?", t.workspaceId())).isEqualTo(5);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'within_duplicate_window'",
        t.workspaceId())).isEqualTo(4);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller).size()).isEqualTo(1);
  }

  @Test
  void aCallerWhoseWindowHasPassedIsTextedAgain() {
    TestTenant.Created t = tenant(TestTenant.in(db).duplicateWindowSeconds(1));
    String caller = TestTenant.randomNumber();
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 1);
    String second = TwilioPayloads.newCallSid();
    await().pollDelay(Duration.ofMillis(1100)).atMost(WAIT).until(() -> true);

    gw.forwardedCallEnded(t, second, caller).await();

    assertThat(reasonOf(second)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> textsTo(caller).size() == 2);
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(1);
  }

  @Test
  void aDailySmsCapOfNSendsExactlyNTextsUnderConcurrentCallsAndStoresEveryLead() {
    int cap = 4;
    TestTenant.Created t = tenant(TestTenant.in(db).dailySmsCap(cap));
    List<Future<WebhookResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 3 * cap; i++) {
      calls.add(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), TestTenant.randomNumber()));
    }
    Future.all(calls).await();

    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(3L * cap);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'", t.workspaceId()))
        .isEqualTo(cap);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'daily_sms_cap_reached'",
        t.workspaceId())).isEqualTo(2L * cap);
    await().atMost(WAIT).until(() -> sentFrom(t) == cap);
  }

  @Test
  void aMonthlyLeadCapOfNTextsExactlyNNewCallers() {
    int cap = 3;
    TestTenant.Created t = tenant(TestTenant.in(db).monthlyLeadCap(cap));
    List<Future<WebhookResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 3 * cap; i++) {
      calls.add(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), TestTenant.randomNumber()));
    }
    Future.all(calls).await();

    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(3L * cap);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'monthly_lead_cap_reached'",
        t.workspaceId())).isEqualTo(2L * cap);
    await().atMost(WAIT).until(() -> sentFrom(t) == cap);
  }

  @Test
  void wipingRedisMidDayDoesNotResetTheDailyCap() {
    int cap = 2;
    TestTenant.Created t = tenant(TestTenant.in(db).dailySmsCap(cap));
    for (int i = 0; i < cap; i++) {
      gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), TestTenant.randomNumber()).await();
    }
    RedisKeys.deleteAll(gw);
    String afterWipe = TwilioPayloads.newCallSid();

    gw.forwardedCallEnded(t, afterWipe, TestTenant.randomNumber()).await();

    assertThat(reasonOf(afterWipe)).isEqualTo("daily_sms_cap_reached");
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(sentFrom(t)).isEqualTo(cap);
  }

  @Test
  void anAnonymousCallerIsRecordedButNeverTexted() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String callSid = TwilioPayloads.newCallSid();

    gw.forwardedCallEnded(t, callSid, "+266696687").await();

    assertThat(reasonOf(callSid)).isEqualTo("anonymous_caller");
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isZero();
  }

  @Test
  void anInactiveWorkspaceRecordsTheCallWithoutTexting() {
    assertSkipped(TestTenant.in(db).inactive(), "workspace_inactive");
  }

  @Test
  void inactiveBillingRecordsTheCallWithoutTexting() {
    assertSkipped(TestTenant.in(db).billing("past_due"), "billing_inactive");
  }

  @Test
  void aPlanWithoutTextBackRecordsTheCallWithoutTexting() {
    assertSkipped(TestTenant.in(db).plan("voice_only"), "plan_lacks_textback");
  }

  @Test
  void aCallerWhoOptedOutIsNotTexted() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    db.queryLong("INSERT INTO opt_outs (workspace_id, phone, source) VALUES (?, ?, 'keyword') RETURNING 1",
        t.workspaceId(), caller);
    String callSid = TwilioPayloads.newCallSid();

    gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(reasonOf(callSid)).isEqualTo("caller_opted_out");
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(1);
  }

  @Test
  void deliveryStatusOnlyMovesForward() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    await().atMost(WAIT).until(() -> "delivered".equals(
        db.queryString("SELECT status FROM messages WHERE to_number = ?", caller)));
    String sid = db.queryString("SELECT message_sid FROM messages WHERE to_number = ?", caller);

    WebhookResponse late = gw.post("/twilio/messages/status",
        TwilioPayloads.messageStatus(t.accountSid(), sid, t.number(), caller, "sent", null), t.authToken()).await();

    assertThat(late.statusCode()).isEqualTo(204);
    assertThat(db.queryString("SELECT status FROM messages WHERE to_number = ?", caller)).isEqualTo("delivered");
  }

  private void assertSkipped(TestTenant builder, String reason) {
    TestTenant.Created t = tenant(builder);
    String callSid = TwilioPayloads.newCallSid();

    WebhookResponse response = gw.forwardedCallEnded(t, callSid, TestTenant.randomNumber()).await();

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(reasonOf(callSid)).isEqualTo(reason);
    assertThat(db.queryLong("SELECT (SELECT count(*) FROM jobs WHERE workspace_id = ?) "
        + "+ (SELECT count(*) FROM messages WHERE workspace_id = ? AND direction = 'outbound')", t.workspaceId(),
        t.workspaceId())).isZero();
  }

  private long sentFrom(TestTenant.Created t) {
    return gw.simulator().messages().stream().filter(m -> m.from().equals(t.number())).count();
  }
}

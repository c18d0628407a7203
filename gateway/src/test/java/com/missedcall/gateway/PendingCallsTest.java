package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An incoming call's 'pending' record is kept off the decision's critical path (PENDING_CALL_DELAY_MS): the
 * incoming webhook is answered without writing anything, a call decided within the delay has its row written
 * once, by its decision, and one still undecided after the delay is recorded pending for the reconciler.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PendingCallsTest {
  private static final Duration DELAY = Duration.ofSeconds(3);
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    this.gw = GatewayUnderTest.start(db, redis, Map.of("PENDING_CALL_DELAY_MS", String.valueOf(DELAY.toMillis())));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private long rowsOf(String callSid) {
    return db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid);
  }

  @Test
  void anIncomingCallIsAnsweredWithoutAWriteAndItsDecisionWritesItsRowOnce() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();

    WebhookResponse incoming = gw.post("/twilio/voice/incoming",
        TwilioPayloads.incomingCall(t.accountSid(), callSid, caller, t.number()), t.authToken()).await();
    long rowsBeforeTheFinalWebhook = rowsOf(callSid);
    WebhookResponse ended = gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(incoming.statusCode()).isEqualTo(200);
    assertThat(incoming.body()).contains("<Say>");
    assertThat(rowsBeforeTheFinalWebhook).isZero();
    assertThat(ended.statusCode()).isEqualTo(204);
    assertThat(db.queryString("SELECT decision || '/' || reason FROM calls WHERE call_sid = ?", callSid))
        .isEqualTo("texted/texted");
    // the decided call is no longer held: nothing rewrites its row once the delay is over
    String version = db.queryString("SELECT xmin::text FROM calls WHERE call_sid = ?", callSid);
    await().pollDelay(DELAY.plusSeconds(2)).atMost(DELAY.plusSeconds(10)).until(() -> true);
    assertThat(db.queryString("SELECT xmin::text FROM calls WHERE call_sid = ?", callSid)).isEqualTo(version);
  }

  @Test
  void anIncomingCallStillUndecidedAfterTheDelayIsRecordedPending() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String callSid = TwilioPayloads.newCallSid();

    gw.post("/twilio/voice/incoming",
        TwilioPayloads.incomingCall(t.accountSid(), callSid, TestTenant.randomNumber(), t.number()), t.authToken())
        .await();

    await().atMost(DELAY.plusSeconds(15)).until(() -> rowsOf(callSid) == 1);
    assertThat(db.queryString("SELECT decision || '/' || reason FROM calls WHERE call_sid = ?", callSid))
        .isEqualTo("pending/not_final");
  }

  @Test
  void aCallRecordedPendingAfterTheDelayIsStillDecidedOnItsRowByItsFinalWebhook() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    gw.post("/twilio/voice/incoming", TwilioPayloads.incomingCall(t.accountSid(), callSid, caller, t.number()),
        t.authToken()).await();
    await().atMost(DELAY.plusSeconds(15)).until(() -> rowsOf(callSid) == 1);

    gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(rowsOf(callSid)).isOne();
    assertThat(db.queryString("SELECT decision || '/' || reason FROM calls WHERE call_sid = ?", callSid))
        .isEqualTo("texted/texted");
  }
}

package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TcpProxy;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.Fault;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What happens when PostgreSQL, Redis or Twilio misbehave, and when a process dies between commit and
 * send. PostgreSQL and Redis sit behind TCP proxies the tests can cut; Twilio is the simulator with
 * injected faults.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailurePathsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private TestDatabase db;
  private TcpProxy pgProxy;
  private TcpProxy redisProxy;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    pgProxy = TcpProxy.start(db.host(), db.port());
    redisProxy = TcpProxy.start(redis.host(), redis.port());
    String proxiedDb = "postgresql://" + db.user() + "@127.0.0.1:" + pgProxy.port() + "/" + db.name();
    gw = GatewayUnderTest.start(proxiedDb, "redis://127.0.0.1:" + redisProxy.port(), redis.keyPrefix(), Map.of());
  }

  @AfterEach
  void heal() {
    pgProxy.restore();
    redisProxy.restore();
    gw.simulator().faults().clear();
  }

  @AfterAll
  void stop() {
    gw.close();
    pgProxy.close();
    redisProxy.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).create());
  }

  private long textsTo(String caller) {
    return gw.simulator().messagesTo(caller).size();
  }

  @Test
  void redisGoingAwayDuringABurstLosesNoLeadAndSendsNoDuplicate() {
    TestTenant.Created t = tenant();
    List<String> callers = new ArrayList<>();
    List<Future<WebhookResponse>> deliveries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String caller = TestTenant.randomNumber();
      String callSid = TwilioPayloads.newCallSid();
      callers.add(caller);
      if (i == 10) {
        redisProxy.cut();
      }
      deliveries.add(gw.forwardedCallEnded(t, callSid, caller));
      deliveries.add(gw.forwardedCallEnded(t, callSid, caller));
    }
    Future.join(deliveries).await();

    assertThat(deliveries).allSatisfy(d -> assertThat(d.result().statusCode()).isEqualTo(204));
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(20);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'",
        t.workspaceId())).isEqualTo(20);
    await().atMost(WAIT).until(() -> callers.stream().allMatch(c -> textsTo(c) >= 1));
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(callers).allSatisfy(c -> assertThat(textsTo(c)).isEqualTo(1));
  }

  @Test
  void withoutRedisTheGatewayStaysReadyAndSaysItIsDegraded() {
    redisProxy.cut();

    io.vertx.core.json.JsonObject body = io.vertx.ext.web.client.WebClient.create(gw.clientVertx())
        .getAbs(gw.url("/health/ready")).send().await().bodyAsJsonObject();

    assertThat(body.getString("status")).isEqualTo("ready");
    assertThat(body.getString("redis")).isEqualTo("down");
    assertThat(body.getString("mode")).isEqualTo("degraded");
  }

  @Test
  void postgresGoingAwayAnswers503SendsNothingAndTheRetryIsRecovered() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    pgProxy.cut();

    WebhookResponse refused = gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
    pgProxy.restore();
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid)).isZero();
    assertThat(textsTo(caller)).isZero();

    await().atMost(WAIT).until(() -> gw.forwardedCallEnded(t, callSid, caller).await().statusCode() == 204);

    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> textsTo(caller) == 1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).isEqualTo(1);
  }

  @Test
  void aProcessThatDiesAfterCommitButBeforeSendingStillTextsExactlyOnceAfterRestart() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    gw.stopGateway();
    gw.startGateway(Map.of("ROLE", "ingress"));
    try {
      assertThat(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await().statusCode()).isEqualTo(204);
      assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND send_status = 'pending' "
          + "AND kind = 'textback'", t.workspaceId())).isEqualTo(1);
      assertThat(textsTo(caller)).isZero();
    } finally {
      gw.stopGateway();
      gw.startGateway(Map.of());
    }

    await().atMost(WAIT).until(() -> textsTo(caller) == 1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).isEqualTo(1);
  }

  @Test
  void aWorkerThatDiesMidSendLeavesALeaseThatAnotherWorkerFinishesWithoutASecondText() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    // the message reaches Twilio but the answer never comes back, as when the process dies mid-request
    gw.simulator().faults().failNext(1, Fault.dropAfterAccept());

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    gw.settled(db).textsTo(caller);
    assertThat(db.queryString("SELECT send_status FROM messages WHERE to_number = ?",
        caller)).isEqualTo("done");
    assertThat(textsTo(caller)).isEqualTo(1);
    assertThat(db.queryString("SELECT message_sid FROM messages WHERE to_number = ?", caller))
        .isEqualTo(gw.simulator().messagesTo(caller).get(0).sid());
  }

  @Test
  void twilioAnswering500IsRetriedUntilTheTextIsSentOnce() {
    assertSentOnceDespite(Fault.status(500, 20500));
  }

  @Test
  void twilioAnswering429IsRetriedUntilTheTextIsSentOnce() {
    assertSentOnceDespite(Fault.status(429, 20429));
  }

  @Test
  void aTwilioTimeoutAfterAcceptingIsCheckedAtTwilioAndNotSentTwice() {
    assertSentOnceDespite(Fault.delayAfterAccept(Duration.ofSeconds(4)));
  }

  @Test
  void aConnectionDroppedBeforeTwilioAcceptedIsSentOnce() {
    assertSentOnceDespite(Fault.dropBeforeAccept());
  }

  @Test
  void twilioError21610MarksTheCallerOptedOutAndNoLaterTextGoesToThem() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    gw.simulator().faults().rejectRecipient(caller, 400, 21610, "Attempt to send to unsubscribed recipient");

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    await().atMost(WAIT).until(() -> db.queryLong(
        "SELECT count(*) FROM opt_outs WHERE workspace_id = ? AND phone = ?", t.workspaceId(), caller) == 1);
    assertThat(db.queryString("SELECT status FROM messages WHERE to_number = ?", caller)).isEqualTo("failed");
    db.execute("UPDATE leads SET last_texted_at = now() - interval '2 days' WHERE caller = '" + caller + "'");
    String later = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(t, later, caller).await();
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", later)).isEqualTo("caller_opted_out");
    assertThat(textsTo(caller)).isZero();
  }

  @Test
  void aNumberTwilioSaysCannotReceiveSmsIsRememberedAndNotTextedAgain() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    gw.simulator().faults().rejectRecipient(caller, 400, 21614, "'To' number is not a valid mobile number");

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    await().atMost(WAIT).until(() -> db.queryLong(
        "SELECT count(*) FROM unreachable_numbers WHERE phone = ?", caller) == 1);
    db.execute("UPDATE leads SET last_texted_at = now() - interval '2 days' WHERE caller = '" + caller + "'");
    String later = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(t, later, caller).await();
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", later))
        .isEqualTo("caller_cannot_receive_sms");
  }

  private void assertSentOnceDespite(Fault fault) {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    gw.simulator().faults().failNext(1, fault);

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    gw.settled(db).textsTo(caller);
    assertThat(db.queryString("SELECT send_status FROM messages WHERE to_number = ?",
        caller)).isEqualTo("done");
    assertThat(textsTo(caller)).isEqualTo(1);
    assertThat(db.queryLong("SELECT attempts FROM messages WHERE to_number = ?",
        caller)).isGreaterThan(1);
  }
}

package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.CallRecord;
import com.missedcall.twiliosim.TwilioPayloads;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
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
 * The reconciler with Twilio: calls and texts the simulator recorded but whose webhooks it dropped reach the
 * gateway through its Calls and Messages resources, once. "Exactly once" is counted only after the work is
 * terminal, past its job lease (2 s here), and after two more complete reconciler passes.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcilerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration PAST_JOB_LEASE = Duration.ofMillis(2_500);
  private static final Map<String, String> FAST_RECONCILER = Map.of(
      "RECONCILE_INTERVAL_MS", "300", "RECONCILE_LOOKBACK_SECONDS", "120", "RECONCILE_GRACE_SECONDS", "0");
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, FAST_RECONCILER, MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterEach
  void deliverAgain() {
    gw.simulator().dropWebhooks(false);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant(TestTenant builder) {
    return gw.register(builder.create());
  }

  private String gatewayBase() {
    return gw.url("");
  }

  @Test
  void aMissedCallWhoseEveryWebhookWasLostIsTextedExactlyOnceByTheReconciler() {
    TestTenant.Created t = tenant(TestTenant.in(db).named("Ace Plumbing"));
    String caller = TestTenant.randomNumber();
    double reconciledBefore = reconciledCalls(gw.gateway().registry());
    gw.simulator().dropWebhooks(true);

    CallRecord call = gw.simulator().inbound().forwardedCall(gatewayBase(), t.accountSid(), caller, t.number()).await();

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 1);
    assertThat(c.textsTo(caller).get(0).body()).startsWith("Ace Plumbing");
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", call.sid())).isEqualTo("texted");
    assertThat(db.queryString("SELECT source FROM calls WHERE call_sid = ?", call.sid())).isEqualTo("reconciler");
    settledAndTwoMorePasses(t);
    assertThat(c.textsTo(caller)).hasSize(1);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", call.sid())).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback'", t.workspaceId()))
        .isEqualTo(1);
    // the passes after the first found the call decided: reconciling again is a no-op
    assertThat(reconciledCalls(gw.gateway().registry()) - reconciledBefore).isEqualTo(1.0);
  }

  @Test
  void aCallWhoseWebhooksArrivedIsLeftAloneByTheReconciler() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();

    CallRecord call = gw.simulator().inbound().forwardedCall(gatewayBase(), t.accountSid(), caller, t.number()).await();

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 1);
    settledAndTwoMorePasses(t);
    assertThat(c.textsTo(caller)).hasSize(1);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback'", t.workspaceId()))
        .isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", call.sid())).isEqualTo(1);
  }

  @Test
  void anInboundReplyWhoseWebhookWasLostIsStoredOnceAndAnsweredOnce() {
    TestTenant.Created t = tenant(TestTenant.in(db).named("Ace Plumbing"));
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    gw.simulator().dropWebhooks(true);

    String sid = gw.simulator().inbound().text(gatewayBase(), t.accountSid(), caller, t.number(),
        "My kitchen sink is leaking").await();

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.textsTo(caller).get(1).body()).contains("address");
    settledAndTwoMorePasses(t);
    assertThat(c.textsTo(caller)).hasSize(2);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE message_sid = ?", sid)).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE direction = 'inbound' AND from_number = ?", caller))
        .isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'ai_reply'", t.workspaceId()))
        .isEqualTo(1);
  }

  @Test
  void aDirectCallTheBusinessAnsweredIsRecordedAsAnsweredAndNeverTexted() {
    TestTenant.Created t = tenant(TestTenant.in(db).direct("+15550001111"));
    String caller = TestTenant.randomNumber();
    CallRecord call = directCallEndingWith(t, caller, "completed", 42);

    await().atMost(WAIT).until(() -> "answered".equals(
        db.queryString("SELECT reason FROM calls WHERE call_sid = ?", call.sid())));
    assertThat(db.queryString("SELECT source FROM calls WHERE call_sid = ?", call.sid())).isEqualTo("reconciler");
    settledAndTwoMorePasses(t);
    assertThat(c.textsTo(caller)).isEmpty();
    assertThat(db.queryLong("SELECT (SELECT count(*) FROM jobs WHERE workspace_id = ?) "
        + "+ (SELECT count(*) FROM messages WHERE workspace_id = ? AND direction = 'outbound')", t.workspaceId(),
        t.workspaceId())).isZero();
  }

  @Test
  void aDirectCallStuckPendingBecauseItsDialActionWasLostIsTextedOnceWhenTheDialWentUnanswered() {
    TestTenant.Created t = tenant(TestTenant.in(db).direct("+15550001111"));
    String caller = TestTenant.randomNumber();
    CallRecord call = directCallEndingWith(t, caller, "no-answer", 0);

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 1);
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", call.sid())).isEqualTo("texted");
    assertThat(db.queryString("SELECT call_status FROM calls WHERE call_sid = ?", call.sid())).isEqualTo("no-answer");
    settledAndTwoMorePasses(t);
    assertThat(c.textsTo(caller)).hasSize(1);
  }

  @Test
  void aCallStillRingingAtTwilioIsNotDecidedByTheReconciler() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    CallRecord ringing = gw.simulator().inbound().recordCall(
        CallRecord.inbound(t.accountSid(), caller, t.number(), "completed", 0, Instant.now()).live("ringing"));
    gw.post("/twilio/voice/incoming", TwilioPayloads.incomingCall(t.accountSid(), ringing.sid(), caller, t.number()),
        t.authToken()).await();

    settledAndTwoMorePasses(t);

    assertThat(db.queryString("SELECT decision FROM calls WHERE call_sid = ?", ringing.sid())).isEqualTo("pending");
    assertThat(c.textsTo(caller)).isEmpty();
  }

  @Test
  void twoGatewayProcessesReconcilingTheSameAccountAtOnceTextEachLostCallExactlyOnce() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    List<String> callers = new ArrayList<>();
    Gateway other = gw.startAnother(FAST_RECONCILER);
    try {
      gw.simulator().dropWebhooks(true);
      for (int i = 0; i < 6; i++) {
        String caller = TestTenant.randomNumber();
        callers.add(caller);
        gw.simulator().inbound().forwardedCall(gatewayBase(), t.accountSid(), caller, t.number()).await();
      }
      // take the lease away again and again, so both processes' passes over this account overlap
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        db.execute("UPDATE reconciler_leases SET lease_until = now() - interval '1 second'");
        sleep(50);
      }

      await().atMost(WAIT).until(() -> callers.stream().allMatch(p -> c.textsTo(p).size() == 1));
      settledAndTwoMorePasses(t);
      assertThat(callers).allSatisfy(p -> assertThat(c.textsTo(p)).hasSize(1));
      assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback'",
          t.workspaceId())).isEqualTo(6);
      assertThat(reconciledCalls(gw.gateway().registry()) + reconciledCalls(other.registry()))
          .isGreaterThanOrEqualTo(6.0);
      assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND source = 'reconciler'",
          t.workspaceId())).isEqualTo(6);
    } finally {
      other.stop().await();
    }
  }

  @Test
  void theLagGaugeAndTheReconciledCounterAreExported() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    settledAndTwoMorePasses(t);
    MeterRegistry registry = gw.gateway().registry();

    // every account here was reconciled a moment ago: the lag is far below the lookback, and not "never"
    assertThat(registry.find("recovery_reconciler_lag_seconds").gauge().value()).isBetween(0.0, 60.0);
    assertThat(registry.find("recovery_reconciled_total").tag("kind", "message").counter()).isNotNull();
    assertThat(registry.find("recovery_reconciled_total").tag("kind", "call").counter()).isNotNull();
    assertThat(registry.find("recovery_reconciler_passes_total").tag("outcome", "ok").counter().count())
        .isGreaterThan(0);
  }

  private static double reconciledCalls(MeterRegistry registry) {
    return registry.find("recovery_reconciled_total").tag("kind", "call").counter().count();
  }

  /**
   * A direct-mode call whose incoming webhook arrived (recorded pending) and whose dial action was lost: the
   * leg our {@code <Dial>} placed ended with {@code dialStatus}.
   */
  private CallRecord directCallEndingWith(TestTenant.Created t, String caller, String dialStatus, int legSeconds) {
    CallRecord call = CallRecord.inbound(t.accountSid(), caller, t.number(), "completed", legSeconds + 5,
        Instant.now().minusSeconds(legSeconds + 5));
    gw.post("/twilio/voice/incoming", TwilioPayloads.incomingCall(t.accountSid(), call.sid(), caller, t.number()),
        t.authToken()).await();
    gw.simulator().inbound().recordCall(call);
    gw.simulator().inbound().recordCall(CallRecord.dialLeg(call, "+15550001111", dialStatus, legSeconds));
    return call;
  }

  /** Jobs terminal, past their lease, and two complete reconciler passes over the account since. */
  private void settledAndTwoMorePasses(TestTenant.Created t) {
    c.awaitSettled(t);
    sleep(PAST_JOB_LEASE.toMillis());
    for (int i = 0; i < 2; i++) {
      String mark = db.queryString("SELECT now()::text");
      await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM reconciler_leases WHERE account_sid = ? "
          + "AND last_success_at > ?::timestamptz", t.accountSid(), mark) == 1);
    }
    c.awaitSettled(t);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.recovery.conversations.ConversationTexts;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conversation timer (the follow-up ladder and the auto-close on the conversation's own row, V50) through the
 * whole gateway: a due step fires once however many workers sweep for it, whoever held it when it died, and
 * whatever restarted; a reply stops the ladder and leaves the auto-close. Time passing is what the database sees:
 * the tests move a due time or a lease into the past.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationTimerTest {
  private static final String FOLLOW_UP = ConversationTexts.followUp("Ace Plumbing");
  private TestDatabase db;
  private TestRedis redis;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    this.redis = redis;
    gw = GatewayUnderTest.start(db, redis, Map.of(), noon());
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void dueFollowUpsFireOnceEachWhileTwoWorkerProcessesSweepForThem() {
    TestTenant.Created t = tenant();
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String caller = TestTenant.randomNumber();
      callers.add(caller);
      c.missedCall(t, caller);
    }
    Gateway second = Gateway.start(GatewayConfig.load(gw.workersOnlyProcess(db, redis)), noon()).await();
    try {
      db.execute("UPDATE conversations SET followup_due_at = now() WHERE workspace_id = " + t.workspaceId()
          + " AND followup_step = 'followup'");

      await().atMost(WAIT).until(() -> callers.stream().allMatch(caller -> c.textsTo(caller).size() >= 2));
      c.awaitSettled(t);
    } finally {
      second.stop().await();
    }
    assertThat(callers).allSatisfy(caller -> assertThat(c.bodiesTo(caller)).containsExactly(
        c.bodiesTo(caller).get(0), FOLLOW_UP));
    assertThat(db.queryLong("SELECT count(*) FROM conversation_events WHERE workspace_id = ? "
        + "AND kind = 'followup_queued'", t.workspaceId())).isEqualTo(10);
  }

  @Test
  void aFollowUpHeldByAWorkerThatDiedFiresOnceWhenItsLeaseRunsOut() {
    TestTenant.Created t = tenant();
    String held = TestTenant.randomNumber();
    String other = TestTenant.randomNumber();
    c.missedCall(t, held);
    c.missedCall(t, other);
    long conversation = c.conversation(t, held);
    long claimsBefore = claims(conversation);
    // a worker claimed the due follow-up and died: its lease still runs
    db.execute("UPDATE conversations SET followup_due_at = now(), timer_claims = timer_claims + 1, "
        + "timer_tries = timer_tries + 1, timer_lease_until = now() + interval '1 hour' WHERE id = " + conversation);
    c.makeDue(c.conversation(t, other), "followup");
    await().atMost(WAIT).until(() -> c.textsTo(other).size() == 2);
    assertThat(c.textsTo(held)).hasSize(1);

    db.execute("UPDATE conversations SET timer_lease_until = now() - interval '1 second' WHERE id = " + conversation);

    await().atMost(WAIT).until(() -> c.textsTo(held).size() == 2);
    c.awaitSettled(t);
    assertThat(c.bodiesTo(held).get(1)).isEqualTo(FOLLOW_UP);
    assertThat(followUps(conversation)).isEqualTo(1);
    assertThat(claims(conversation)).isEqualTo(claimsBefore + 2);
    assertThat(db.queryString("SELECT (timer_lease_until IS NULL AND timer_tries = 0)::text FROM conversations "
        + "WHERE id = ?", conversation)).isEqualTo("true");
  }

  @Test
  void aTimerThatCameDueWhileTheGatewayWasDownFiresOnceAfterTheRestart() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    gw.stopGateway();
    c.makeDue(conversation, "followup");
    gw.startGateway(Map.of());

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    c.awaitSettled(t);
    assertThat(followUps(conversation)).isEqualTo(1);
    assertThat(c.timerWaits(conversation, "oncall")).isTrue();
  }

  @Test
  void aReplyStopsTheFollowUpAndKeepsTheAutoClose() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    c.textAndAwaitReply(t, caller, "Need a plumber for a leak");

    assertThat(c.timerWaits(conversation, "followup")).isFalse();
    assertThat(c.timerWaits(conversation, "auto_close")).isTrue();
    assertThat(c.makeDue(conversation, "followup")).isZero();
    c.awaitSettled(t);
    assertThat(followUps(conversation)).isZero();
  }

  @Test
  void aStaleConversationIsClosedOnceAndItsTimerIsCleared() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    db.execute("UPDATE conversations SET last_activity_at = now() - interval '3 days' WHERE id = " + conversation);

    c.makeDue(conversation, "auto_close");

    await().atMost(WAIT).until(() -> "closed".equals(
        db.queryString("SELECT status FROM conversations WHERE id = ?", conversation)));
    c.awaitSettled(t);
    assertThat(c.events(conversation, "closed", "stale")).isEqualTo(1);
    assertThat(db.queryString("SELECT (followup_step IS NULL AND close_due_at IS NULL AND timer_lease_until IS NULL)"
        + "::text FROM conversations WHERE id = ?", conversation)).isEqualTo("true");
  }

  private static MutableClock noon() {
    return MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York"));
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  private long followUps(long conversation) {
    return db.queryLong("SELECT count(*) FROM messages WHERE conversation_id = ? AND kind = 'followup'", conversation);
  }

  private long claims(long conversation) {
    return db.queryLong("SELECT timer_claims FROM conversations WHERE id = ?", conversation);
  }
}

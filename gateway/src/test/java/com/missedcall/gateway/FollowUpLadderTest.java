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
 * The follow-up ladder and the other timed work: one follow-up when the caller stays silent, then the
 * on-call number; every step cancelled by a reply, a manual message or a close; stale conversations
 * closed. Timed work is the conversation's timer, due times on its row in PostgreSQL: instead of waiting out the
 * delays, the tests make a step due by moving its due time to now (time passing, as far as the database can tell).
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowUpLadderTest {
  private static final String FOLLOW_UP = ConversationTexts.followUp("Ace Plumbing");
  private TestDatabase db;
  private TestRedis redis;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    this.redis = redis;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  @Test
  void theFollowUpIsDueTheWorkspacesDelayAfterTheMissedCall() {
    TestTenant.Created t = tenant();
    c.profile(t, "followup_delay_seconds = 900");
    String caller = TestTenant.randomNumber();

    c.missedCall(t, caller);

    long conversation = c.conversation(t, caller);
    assertThat(db.queryLong("SELECT extract(epoch FROM v.followup_due_at - c.received_at)::bigint "
        + "FROM conversations v, calls c WHERE v.id = ? AND v.followup_step = 'followup' AND c.caller = ?",
        conversation, caller)).isEqualTo(900);
    assertThat(c.timerWaits(conversation, "followup")).isTrue();
  }

  @Test
  void theFollowUpIsSentOnceWhenTheCallerStaysSilent() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    assertThat(c.makeDue(conversation, "followup")).isEqualTo(1);

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.textsTo(caller).get(1).body()).isEqualTo(FOLLOW_UP);
    c.awaitSettled(t);
    assertThat(c.makeDue(conversation, "followup")).isZero();
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
    assertThat(c.events(conversation, "followup_queued", null)).isEqualTo(1);
  }

  @Test
  void theFollowUpIsNeverSentAfterTheCallerReplied() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    c.textAndAwaitReply(t, caller, "Need a plumber for a leak");

    assertThat(c.makeDue(conversation, "followup")).isZero();
    assertThat(c.timerWaits(conversation, "followup")).isFalse();
    c.awaitSettled(t);
    assertThat(c.bodiesTo(caller)).hasSize(2).doesNotContain(FOLLOW_UP);
  }

  @Test
  void aFollowUpThatRacesTheCallersReplyChecksAgainAndStaysQuiet() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    c.textAndAwaitReply(t, caller, "Need a plumber for a leak");
    // as if the follow-up were still due although the caller replied since its ladder started
    db.execute("UPDATE conversations SET followup_step = 'followup', followup_due_at = now(), "
        + "followup_since = last_inbound_at - interval '1 second' WHERE id = " + conversation);

    c.awaitEvent(conversation, "followup_skipped", "caller_replied");
    c.awaitSettled(t);
    assertThat(c.bodiesTo(caller)).hasSize(2).doesNotContain(FOLLOW_UP);
  }

  @Test
  void theOnCallNumberIsAskedToCallBackWhenTheCallerIgnoresTheFollowUpToo() {
    TestTenant.Created t = tenant();
    c.profile(t, "oncall_delay_seconds = 1200");
    String caller = TestTenant.randomNumber();
    String onCall = TestTenant.randomNumber();
    c.notifies(t, "on_call", onCall);
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    c.makeDue(conversation, "followup");
    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    await().atMost(WAIT).until(() -> c.timerWaits(conversation, "oncall"));
    assertThat(db.queryLong("SELECT round(extract(epoch FROM followup_due_at - followup_since))::bigint "
        + "FROM conversations WHERE id = ? AND followup_step = 'oncall'", conversation)).isEqualTo(1200);
    assertThat(c.textsTo(onCall)).isEmpty();

    c.makeDue(conversation, "oncall");

    await().atMost(WAIT).until(() -> c.textsTo(onCall).size() == 1);
    assertThat(c.textsTo(onCall).get(0).body()).startsWith("Ace Plumbing on-call").contains(caller);
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
  }

  @Test
  void aReplyToTheFollowUpCancelsTheOnCallStep() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String onCall = TestTenant.randomNumber();
    c.notifies(t, "on_call", onCall);
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    c.makeDue(conversation, "followup");
    await().atMost(WAIT).until(() -> c.timerWaits(conversation, "oncall"));

    c.textAndAwaitReply(t, caller, "Yes please, the toilet is still running");

    assertThat(c.timerWaits(conversation, "oncall")).isFalse();
    c.awaitSettled(t);
    assertThat(c.textsTo(onCall)).isEmpty();
  }

  @Test
  void aManualMessageTakesTheConversationOverAndStopsTheLadder() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    gw.gateway().conversations().sendManual(t.workspaceId(), conversation, "Hi! Joe here, I can call you at 3.")
        .await();

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.textsTo(caller).get(1).body()).isEqualTo("Hi! Joe here, I can call you at 3.");
    assertThat(c.timerWaits(conversation, "followup")).isFalse();
    assertThat(db.queryString("SELECT staff_takeover::text FROM conversations WHERE id = ?", conversation))
        .isEqualTo("true");
    assertThat(db.queryString("SELECT kind FROM messages WHERE to_number = ? ORDER BY id DESC LIMIT 1", caller))
        .isEqualTo("manual");
  }

  @Test
  void closingTheConversationCancelsEveryPendingStep() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    assertThat(gw.gateway().conversations().close(t.workspaceId(), conversation).await()).isTrue();

    assertThat(c.timerWaits(conversation, "followup")).isFalse();
    assertThat(c.timerWaits(conversation, "auto_close")).isFalse();
    assertThat(db.queryString("SELECT status FROM conversations WHERE id = ?", conversation)).isEqualTo("closed");
    assertThat(gw.gateway().conversations().close(t.workspaceId(), conversation).await()).isFalse();
  }

  @Test
  void aStaleConversationIsClosedAndTheTeamHearsWhatWasCaptured() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String team = TestTenant.randomNumber();
    c.notifies(t, "team", team);
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    c.textAndAwaitReply(t, caller, "Replace a cracked toilet tank");
    db.execute("UPDATE conversations SET last_activity_at = now() - interval '3 days' WHERE id = " + conversation);

    c.makeDue(conversation, "auto_close");

    await().atMost(WAIT).until(() -> "closed".equals(
        db.queryString("SELECT status FROM conversations WHERE id = ?", conversation)));
    assertThat(db.queryString("SELECT close_reason FROM conversations WHERE id = ?", conversation)).isEqualTo("stale");
    await().atMost(WAIT).until(() -> c.textsTo(team).size() == 1);
    assertThat(c.textsTo(team).get(0).body()).contains(caller).contains("Replace a cracked toilet tank");
  }

  @Test
  void anAutoCloseThatFindsRecentActivityWaitsForTheInactivityPeriod() {
    TestTenant.Created t = tenant();
    c.profile(t, "stale_after_seconds = 7200");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    c.makeDue(conversation, "auto_close");

    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM conversations WHERE id = ? "
        + "AND close_due_at > now() + interval '1 hour' AND timer_lease_until IS NULL", conversation) == 1);
    assertThat(db.queryString("SELECT status FROM conversations WHERE id = ?", conversation)).isEqualTo("open");
  }

  @Test
  void scheduledWorkSurvivesARestart() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    gw.stopGateway();
    c.makeDue(conversation, "followup");
    gw.startGateway(Map.of());

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.textsTo(caller).get(1).body()).isEqualTo(FOLLOW_UP);
  }

  @Test
  void twoWorkerProcessesShareTheDueFollowUpsAndEachCallerGetsOne() {
    TestTenant.Created t = tenant();
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String caller = TestTenant.randomNumber();
      callers.add(caller);
      c.missedCall(t, caller);
    }
    Gateway second = Gateway.start(GatewayConfig.load(gw.workersOnlyProcess(db, redis)),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York"))).await();
    try {
      db.execute("UPDATE conversations SET followup_due_at = now() WHERE workspace_id = " + t.workspaceId()
          + " AND followup_step = 'followup'");

      await().atMost(WAIT).until(() -> callers.stream().allMatch(caller -> c.textsTo(caller).size() >= 2));
      c.awaitSettled(t);
    } finally {
      second.stop().await();
    }
    assertThat(callers).allSatisfy(caller -> assertThat(c.bodiesTo(caller)).hasSize(2).last().isEqualTo(FOLLOW_UP));
  }
}

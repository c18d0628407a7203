package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guard chain in front of every automated answer (here the intake script's; the chain is the same for
 * the model): each skip is recorded on the conversation with its reason, and the caller gets nothing.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiReplyGuardsTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant(TestTenant builder) {
    return gw.register(builder.named("Ace Plumbing").create());
  }

  /** The caller misses the business, gets the text-back, texts back; returns the conversation. */
  private long callerTextsBack(TestTenant.Created t, String caller, String body) {
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    c.text(t, caller, body);
    return conversation;
  }

  private void assertSkipped(TestTenant.Created t, String caller, long conversation, String reason) {
    c.awaitEvent(conversation, "ai_skipped", reason);
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(1);
    assertThat(c.events(conversation, "ai_replied", "script")).isZero();
  }

  @Test
  void aCallersTextIsAnsweredWhenEveryGuardAllowsIt() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "Need my gutters cleaned");

    assertThat(reply).contains("address");
    assertThat(c.events(c.conversation(t, caller), "ai_replied", "script")).isEqualTo(1);
    assertThat(db.queryLong("SELECT ai_turns FROM conversations WHERE id = ?", c.conversation(t, caller)))
        .isEqualTo(1);
  }

  @Test
  void noAnswerWhenThePlanLacksAiReplies() {
    TestTenant.Created t = tenant(TestTenant.in(db).plan("starter"));
    String caller = TestTenant.randomNumber();

    long conversation = callerTextsBack(t, caller, "Need a plumber");

    assertSkipped(t, caller, conversation, "plan_lacks_ai");
  }

  @Test
  void noAnswerWhenTheWorkspaceSwitchedItsAiOff() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    c.profile(t, "ai_enabled = false");
    String caller = TestTenant.randomNumber();

    long conversation = callerTextsBack(t, caller, "Need a plumber");

    assertSkipped(t, caller, conversation, "ai_disabled_for_workspace");
  }

  @Test
  void noAnswerWhenStaffSwitchedTheAiOffForThisConversation() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    gw.gateway().conversations().setAiEnabled(t.workspaceId(), conversation, false).await();

    c.text(t, caller, "Need a plumber");

    assertSkipped(t, caller, conversation, "ai_disabled_for_conversation");
    assertThat(c.events(conversation, "ai_disabled", "staff")).isEqualTo(1);
  }

  @Test
  void noAnswerWhenBillingIsNoLongerActive() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    c.profile(t, "billing_status = 'past_due'");

    c.text(t, caller, "Need a plumber");

    assertSkipped(t, caller, conversation, "billing_inactive");
  }

  @Test
  void noAnswerOnceTheConversationsAiTurnLimitIsReached() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    c.profile(t, "ai_turn_limit = 1");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    c.textAndAwaitReply(t, caller, "Leaky faucet");

    c.text(t, caller, "12 Main Street");

    c.awaitEvent(conversation, "ai_skipped", "ai_turn_limit_reached");
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
  }

  @Test
  void noAnswerWhenTheDailySmsCapIsReached() {
    TestTenant.Created t = tenant(TestTenant.in(db).dailySmsCap(1));
    String caller = TestTenant.randomNumber();

    long conversation = callerTextsBack(t, caller, "Need a plumber");

    assertSkipped(t, caller, conversation, "daily_sms_cap_reached");
  }

  @Test
  void noAnswerDuringStaffTakeoverUntilStaffHandTheConversationBack() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    gw.gateway().conversations().sendManual(t.workspaceId(), conversation, "Hi, this is Joe himself.").await();

    c.text(t, caller, "Oh hi Joe, it's the boiler again");
    c.awaitEvent(conversation, "ai_skipped", "staff_takeover");
    c.awaitSettled(t);
    assertThat(c.bodiesTo(caller)).hasSize(2).last().isEqualTo("Hi, this is Joe himself.");

    gw.gateway().conversations().handBack(t.workspaceId(), conversation).await();
    String reply = c.textAndAwaitReply(t, caller, "Still making a noise");

    assertThat(reply).contains("Thanks");
    assertThat(c.events(conversation, "staff_takeover", "manual_message")).isEqualTo(1);
    assertThat(c.events(conversation, "handed_back", "staff")).isEqualTo(1);
  }

  @Test
  void noAnswerWhenTheAiIsSwitchedOffGlobally() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    gw.stopGateway();
    gw.startGateway(Map.of("AI_ENABLED", "false"));
    try {
      long conversation = callerTextsBack(t, caller, "Need a plumber");

      assertSkipped(t, caller, conversation, "ai_disabled_globally");
    } finally {
      gw.stopGateway();
      gw.startGateway(Map.of());
    }
  }

  @Test
  void onlyTheLastOfSeveralQuickTextsIsAnswered() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    gw.stopGateway();
    gw.startGateway(Map.of("ROLE", "ingress"));
    try {
      c.text(t, caller, "Hi");
      c.text(t, caller, "My water heater is leaking");
    } finally {
      gw.stopGateway();
      gw.startGateway(Map.of());
    }

    c.awaitEvent(conversation, "ai_skipped", "superseded_by_newer_message");
    c.awaitSettled(t);
    assertThat(c.bodiesTo(caller)).hasSize(2).last().asString().contains("address");
  }

  @Test
  void closingAConversationCancelsTheReplyNotYetWritten() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    gw.stopGateway();
    gw.startGateway(Map.of("ROLE", "ingress"));
    try {
      c.text(t, caller, "Need a plumber");
      gw.gateway().conversations().close(t.workspaceId(), conversation).await();
    } finally {
      gw.stopGateway();
      gw.startGateway(Map.of());
    }

    assertThat(c.jobStatus(conversation, "ai_reply")).isEqualTo("cancelled");
    assertThat(c.events(conversation, "closed", "staff")).isEqualTo(1);
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(1);
  }
}

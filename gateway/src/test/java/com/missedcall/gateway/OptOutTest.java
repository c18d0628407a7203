package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.recovery.conversations.ConversationRefused;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compliance first: STOP and its synonyms (any case, any whitespace, Twilio's OptOutType) stop every later
 * text from every path, with evidence; START lifts it; HELP is answered with the business's name and
 * contact; the AI never answers a keyword.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptOutTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterEach
  void heal() {
    gw.simulator().faults().clear();
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  private boolean optedOut(TestTenant.Created t, String caller) {
    return db.queryLong("SELECT count(*) FROM opt_outs WHERE workspace_id = ? AND phone = ?", t.workspaceId(),
        caller) == 1;
  }

  @ParameterizedTest
  @ValueSource(strings = {"STOP", "stop", "  Stop  ", "STOPALL", "Stop All", "UNSUBSCRIBE", "cancel", "End", "QUIT",
      "revoke", "OPTOUT", "opt-out", "Stop."})
  void stopInEachListedFormStopsRepliesTextBacksAndManualSends(String word) {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    String sid = TwilioPayloads.newMessageSid();

    assertThat(c.deliver(t, TwilioPayloads.inboundSms(t.accountSid(), sid, caller, t.number(), word)).statusCode())
        .isEqualTo(200);

    assertThat(optedOut(t, caller)).isTrue();
    assertThat(db.queryString("SELECT message_sid FROM opt_outs WHERE phone = ?", caller)).isEqualTo(sid);
    assertThat(db.queryString("SELECT words FROM consent_events WHERE phone = ? AND action = 'opt_out'", caller))
        .isEqualTo(word);
    assertThat(c.timerWaits(conversation, "followup")).isFalse();
    c.text(t, caller, "Hello? I still need a plumber");
    c.awaitEvent(conversation, "ai_skipped", "caller_opted_out");
    assertThatThrownBy(() -> gw.gateway().conversations().sendManual(t.workspaceId(), conversation, "Hi, it's Joe")
        .await())
        .isInstanceOfSatisfying(ConversationRefused.class, e -> assertThat(e.code()).isEqualTo("caller_opted_out"));
    db.execute("UPDATE leads SET last_texted_at = now() - interval '2 days' WHERE caller = '" + caller + "'");
    String later = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(t, later, caller).await();
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", later)).isEqualTo("caller_opted_out");
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Stop please", "please stop texting me", "¡STOP!", "unsubscribe me", "stop texting"})
  void aFreeTextRevocationOptsOutIsConfirmedOnceAndIsNotAnswered(String words) {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    String sid = TwilioPayloads.newMessageSid();

    assertThat(c.deliver(t, TwilioPayloads.inboundSms(t.accountSid(), sid, caller, t.number(), words)).statusCode())
        .isEqualTo(200);

    assertThat(optedOut(t, caller)).isTrue();
    assertThat(db.queryString("SELECT source FROM opt_outs WHERE phone = ?", caller)).isEqualTo("free_text");
    assertThat(db.queryString("SELECT evidence FROM opt_outs WHERE phone = ?", caller)).isEqualTo(words);
    assertThat(db.queryString("SELECT message_sid FROM opt_outs WHERE phone = ?", caller)).isEqualTo(sid);
    assertThat(db.queryString("SELECT words FROM consent_events WHERE phone = ? AND action = 'opt_out'", caller))
        .isEqualTo(words);
    assertThat(c.timerWaits(conversation, "followup")).isFalse();
    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.bodiesTo(caller).get(1)).startsWith("Ace Plumbing").contains("unsubscribed").contains("START");

    c.text(t, caller, "I said stop texting me");
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'ai_reply'",
        t.workspaceId())).isZero();
    db.execute("UPDATE leads SET last_texted_at = now() - interval '2 days' WHERE caller = '" + caller + "'");
    String later = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(t, later, caller).await();
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", later)).isEqualTo("caller_opted_out");
  }

  @Test
  void aCarrierStopKeywordIsNotConfirmedByTheGatewayTwilioDoesThat() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);

    c.text(t, caller, "STOP");

    c.awaitSettled(t);
    assertThat(optedOut(t, caller)).isTrue();
    assertThat(c.textsTo(caller)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"can you stop by tomorrow at 3", "the water won't stop leaking"})
  void aSentenceThatMerelyUsesStopIsAnsweredByTheIntakeScript(String words) {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, words);

    assertThat(optedOut(t, caller)).isFalse();
    assertThat(reply).doesNotContain("unsubscribed");
    assertThat(db.queryLong("SELECT count(*) FROM consent_events WHERE phone = ?", caller)).isZero();
  }

  @Test
  void twilioOptOutTypeStopIsHonouredEvenWhenTheBodyIsNotJustTheKeyword() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(), caller,
        t.number(), "Stop texting me");
    params.put("OptOutType", "STOP");

    c.deliver(t, params);

    assertThat(optedOut(t, caller)).isTrue();
    assertThat(db.queryString("SELECT source FROM consent_events WHERE phone = ?", caller)).isEqualTo("optout_type");
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(1);
  }

  @Test
  void aMessageThatMerelyContainsStopIsAnsweredNormally() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "Please stop by to look at my boiler");

    assertThat(optedOut(t, caller)).isFalse();
    assertThat(reply).contains("address");
  }

  @Test
  void startAfterStopResumesRepliesAndTextBacksAndIsNotAnsweredByTheAi() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    c.text(t, caller, "STOP");

    c.text(t, caller, "Start");

    assertThat(optedOut(t, caller)).isFalse();
    assertThat(db.queryLong("SELECT count(*) FROM consent_events WHERE phone = ? AND action = 'opt_in'", caller))
        .isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'ai_reply'",
        t.workspaceId())).isZero();
    assertThat(c.textAndAwaitReply(t, caller, "My dishwasher is leaking")).contains("address");
    db.execute("UPDATE leads SET last_texted_at = now() - interval '2 days' WHERE caller = '" + caller + "'");
    c.missedCall(t, caller);
    assertThat(c.textsTo(caller)).hasSize(3);
  }

  @Test
  void helpIsAnsweredWithTheBusinessNameAndContactAndNeverByTheAi() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.profile(t, "contact_phone = '+15551230000'");
    c.missedCall(t, caller);

    String help = c.textAndAwaitReply(t, caller, "help");

    assertThat(help).startsWith("Ace Plumbing").contains("+15551230000").contains("STOP");
    assertThat(db.queryLong("SELECT count(*) FROM consent_events WHERE phone = ? AND action = 'help'", caller))
        .isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'ai_reply'",
        t.workspaceId())).isZero();
    assertThat(optedOut(t, caller)).isFalse();
  }

  @Test
  void helpFromAnOptedOutCallerGetsNothing() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    c.text(t, caller, "STOP");

    c.text(t, caller, "HELP");

    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(1);
    assertThat(db.queryString("SELECT status FROM messages WHERE to_number = ? AND kind = 'help'", caller))
        .isEqualTo("failed");
  }

  @Test
  void aTextQueuedBeforeTheCallerSaidStopIsNeverSentAfterIt() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    gw.stopGateway();
    gw.startGateway(Map.of("ROLE", "ingress"));
    try {
      gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
      c.text(t, caller, "STOP");
    } finally {
      gw.stopGateway();
      gw.startGateway(Map.of());
    }

    await().atMost(WAIT).until(() -> "failed".equals(
        db.queryString("SELECT status FROM messages WHERE to_number = ? AND kind = 'textback'", caller)));
    assertThat(c.textsTo(caller)).isEmpty();
  }

  @Test
  void twilioRefusingAReplyWith21610RecordsTheOptOutWithItsEvidence() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    gw.simulator().faults().rejectRecipient(caller, 400, 21610, "Attempt to send to unsubscribed recipient");

    c.text(t, caller, "Need a plumber for a clogged drain");

    await().atMost(WAIT).until(() -> optedOut(t, caller));
    assertThat(db.queryString("SELECT source FROM consent_events WHERE phone = ?", caller)).isEqualTo("twilio_21610");
    assertThat(c.textsTo(caller)).hasSize(1);
  }
}

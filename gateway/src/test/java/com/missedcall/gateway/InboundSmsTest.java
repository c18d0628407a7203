package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TcpProxy;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
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
 * The inbound SMS webhook: signed like the voice routes, workspace by To, lead by From, deduplicated on
 * MessageSid, answered with empty TwiML once the text is durable, replies sent asynchronously. No model is
 * configured here: the built-in intake script answers. PostgreSQL sits behind a proxy the tests can cut.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundSmsTest {
  private TestDatabase db;
  private TcpProxy pgProxy;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    pgProxy = TcpProxy.start(db.host(), db.port());
    String proxiedDb = "postgresql://" + db.user() + "@127.0.0.1:" + pgProxy.port() + "/" + db.name();
    gw = GatewayUnderTest.start(proxiedDb, redis.url(), redis.keyPrefix(), Map.of(),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterEach
  void heal() {
    pgProxy.restore();
  }

  @AfterAll
  void stop() {
    gw.close();
    pgProxy.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  @Test
  void aReplyToTheTextBackJoinsTheConversationTheTextBackOpenedAndIsAnsweredWithEmptyTwiml() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    WebhookResponse response = c.text(t, caller, "My kitchen sink is leaking");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).startsWith("text/xml");
    assertThat(response.body()).contains("<Response/>");
    assertThat(db.queryLong("SELECT conversation_id FROM messages WHERE direction = 'inbound' AND from_number = ?",
        caller)).isEqualTo(conversation);
    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.textsTo(caller).get(1).body()).contains("address");
    assertThat(c.textsTo(caller).get(1).from()).isEqualTo(t.number());
    assertThat(c.lead(t, caller, "need")).isEqualTo("My kitchen sink is leaking");
    assertThat(c.lead(t, caller, "stage")).isEqualTo("engaged");
  }

  @Test
  void theSameInboundWebhookDeliveredTwiceProducesOneReply() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(), caller,
        t.number(), "Water heater is out");

    WebhookResponse first = c.deliver(t, params);
    WebhookResponse second = c.deliver(t, params);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("<Response/>");
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE direction = 'inbound' AND from_number = ?", caller))
        .isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'ai_reply'",
        t.workspaceId())).isEqualTo(1);
  }

  @Test
  void theSameInboundWebhookDeliveredTenTimesConcurrentlyProducesOneReply() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(), caller,
        t.number(), "Toilet keeps running");

    List<Future<WebhookResponse>> deliveries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      deliveries.add(gw.post("/twilio/sms/inbound", params, t.authToken()));
    }
    Future.all(deliveries).await();

    assertThat(deliveries).allSatisfy(d -> assertThat(d.result().statusCode()).isEqualTo(200));
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'ai_reply'",
        t.workspaceId())).isEqualTo(1);
  }

  @Test
  void aTextFromANumberThatIsNoLeadIsListedAsUnmatchedAndNotAnswered() {
    TestTenant.Created t = tenant();
    String stranger = TestTenant.randomNumber();

    WebhookResponse response = c.text(t, stranger, "Is this the pizza place?");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(db.queryLong("SELECT count(*) FROM unmatched_replies WHERE workspace_id = ? AND from_number = ?",
        t.workspaceId(), stranger)).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isZero();
    c.awaitSettled(t);
    assertThat(db.queryLong("SELECT (SELECT count(*) FROM jobs WHERE workspace_id = ?) "
        + "+ (SELECT count(*) FROM messages WHERE workspace_id = ? AND direction = 'outbound')", t.workspaceId(),
        t.workspaceId())).isZero();
    assertThat(c.textsTo(stranger)).isEmpty();
  }

  @Test
  void aTextToANumberNoWorkspaceTracksIsAnsweredHarmlesslyAndStoresNothing() {
    TestTenant.Created t = tenant();
    String sid = TwilioPayloads.newMessageSid();
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), sid, TestTenant.randomNumber(),
        TestTenant.randomNumber(), "hello?");

    WebhookResponse response = c.deliver(t, params);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<Response/>");
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE message_sid = ?", sid)).isZero();
  }

  @Test
  void anInboundTextWithAWrongSignatureIsRefusedAndStoresNothing() {
    TestTenant.Created t = tenant();
    String sid = TwilioPayloads.newMessageSid();
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), sid, TestTenant.randomNumber(), t.number(),
        "hello");

    WebhookResponse response = gw.post("/twilio/sms/inbound", params, "not-the-auth-token").await();

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE message_sid = ?", sid)).isZero();
  }

  @Test
  void anInboundTextWithoutMessageSidIsRefused() {
    TestTenant.Created t = tenant();
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(),
        TestTenant.randomNumber(), t.number(), "hello");
    params.remove("MessageSid");
    params.remove("SmsMessageSid");
    params.remove("SmsSid");

    WebhookResponse response = c.deliver(t, params);

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void postgresGoingAwayAnswers503AndTheRetryIsAnsweredOnce() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(), caller,
        t.number(), "Garbage disposal jammed");
    pgProxy.cut();

    WebhookResponse refused = c.deliver(t, params);

    assertThat(refused.statusCode()).isEqualTo(503);
    pgProxy.restore();
    await().atMost(WAIT).until(() -> c.deliver(t, params).statusCode() == 200);
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE direction = 'inbound' AND from_number = ?", caller))
        .isEqualTo(1);
  }

  @Test
  void aTextAfterTheConversationWentStaleOpensANewConversation() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long old = c.conversation(t, caller);
    db.execute("UPDATE conversations SET last_activity_at = now() - interval '3 days' WHERE id = " + old);

    c.textAndAwaitReply(t, caller, "Hi, still need someone for the leak");

    long fresh = c.conversation(t, caller);
    assertThat(fresh).isNotEqualTo(old);
    assertThat(db.queryString("SELECT close_reason FROM conversations WHERE id = ?", old)).isEqualTo("stale");
    assertThat(db.queryString("SELECT status FROM conversations WHERE id = ?", fresh)).isEqualTo("open");
  }

  @Test
  void theIntakeScriptAsksForTheNeedTheAddressTheUrgencyAndWhenToCallBackThenSummarisesForTheCallerAndTheTeam() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String team = TestTenant.randomNumber();
    c.notifies(t, "team", team);
    c.missedCall(t, caller);

    String askAddress = c.textAndAwaitReply(t, caller, "Dripping faucet in the bathroom");
    String askUrgency = c.textAndAwaitReply(t, caller, "12 Elm Street, Springfield");
    String askCallback = c.textAndAwaitReply(t, caller, "Today if possible");
    String summary = c.textAndAwaitReply(t, caller, "after 5pm");

    assertThat(askAddress).contains("address");
    assertThat(askUrgency).contains("How urgent");
    assertThat(askCallback).contains("call you back");
    assertThat(c.lead(t, caller, "callback_time")).isEqualTo("after 5pm");
    assertThat(summary).contains("Dripping faucet in the bathroom").contains("12 Elm Street, Springfield")
        .contains("today");
    assertThat(c.lead(t, caller, "need")).isEqualTo("Dripping faucet in the bathroom");
    assertThat(c.lead(t, caller, "address")).isEqualTo("12 Elm Street, Springfield");
    assertThat(c.lead(t, caller, "urgency")).isEqualTo("today");
    assertThat(c.lead(t, caller, "stage")).isEqualTo("qualified");
    await().atMost(WAIT).until(() -> c.textsTo(team).size() == 1);
    assertThat(c.textsTo(team).get(0).body()).contains(caller).contains("Dripping faucet").contains("12 Elm Street");
    long conversation = c.conversation(t, caller);
    assertThat(c.events(conversation, "intake_completed", "script")).isEqualTo(1);
    assertThat(db.queryString("SELECT kind FROM messages WHERE to_number = ? ORDER BY id DESC LIMIT 1", caller))
        .isEqualTo("caller_summary");
  }

  @Test
  void theIntakeScriptAnswersAPriceQuestionWithoutTakingItForTheAddress() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    c.textAndAwaitReply(t, caller, "Need a new water heater installed");

    String answer = c.textAndAwaitReply(t, caller, "How much does that cost?");

    assertThat(answer).contains("Pricing depends on the job").contains("address");
    assertThat(c.lead(t, caller, "address")).isNull();
  }
}

package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.SentMessage;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The send delay end to end (issue #14 item 4), through the gateway's webhooks, real PostgreSQL and Redis and the
 * Twilio simulator: a call missed during open hours with a 60 s delay is texted once when the delay ends, or not at
 * all (the reason on the call) when the caller's second call is answered or the caller texts first meanwhile; the
 * wait is a due time in PostgreSQL, so it survives a restart. "Time passes" moves the text-back's due time to now in
 * the database, as the follow-up tests do with their jobs; one test lets a 1 s delay run out by itself. Exactly-once
 * counts are taken only once the text is terminal and past its lease.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendDelayTest {
  private static final String TEXT_BACK = "Ace Plumbing: Sorry we missed your call!";
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  /** A direct-mode business open around the clock, waiting {@code openDelay} s by day and none after hours. */
  private TestTenant.Created tenant(int openDelay) {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Ace Plumbing").direct("+15550001111")
        .duplicateWindowSeconds(0).create());
    String day = "[{\"opens\": \"00:00\", \"closes\": \"24:00\"}]";
    db.execute("INSERT INTO workspace_hours (workspace_id, weekly, closures) VALUES (" + t.workspaceId() + ", '{"
        + String.join(", ", List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
            .stream().map(d -> "\"" + d + "\": " + day).toList()) + "}', '[]')");
    db.execute("UPDATE workspaces SET textback_delay_open_seconds = " + openDelay
        + ", textback_delay_after_hours_seconds = 0 WHERE id = " + t.workspaceId());
    return t;
  }

  /** The business did not pick up: the {@code <Dial>} ended no-answer. Returns the CallSid. */
  private String missed(TestTenant.Created t, String caller) {
    String callSid = TwilioPayloads.newCallSid();
    WebhookResponse r = gw.dialEnded(t, callSid, caller, "no-answer").await();
    assertThat(r.statusCode()).isEqualTo(200);
    return callSid;
  }

  private String reason(String callSid) {
    return db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid);
  }

  private long textBack(String callSid) {
    return db.queryLong("SELECT m.id FROM messages m JOIN calls c ON c.id = m.call_id WHERE c.call_sid = ?", callSid);
  }

  private String message(long id, String expression) {
    return db.queryString("SELECT (" + expression + ")::text FROM messages WHERE id = ?", id);
  }

  /** Time passes: the text-back's delay ends now. */
  private void delayEnds(long messageId) {
    db.execute("UPDATE messages SET due_at = now() WHERE id = " + messageId + " AND send_status = 'pending'");
  }

  private List<SentMessage> textBacksTo(String caller) {
    return c.textsTo(caller).stream().filter(m -> m.body().startsWith(TEXT_BACK)).toList();
  }

  @Test
  void aCallDuringOpenHoursWithASixtySecondDelayIsCancelledWhenTheCallersSecondCallIsAnswered() {
    TestTenant.Created t = tenant(60);
    String caller = TestTenant.randomNumber();
    String first = missed(t, caller);
    long text = textBack(first);
    assertThat(message(text, "send_status")).isEqualTo("pending");
    assertThat(message(text, "send_delay_seconds")).isEqualTo("60");
    assertThat(message(text, "extract(epoch FROM due_at - created_at)::int")).isEqualTo("60");

    String second = TwilioPayloads.newCallSid();
    assertThat(gw.dialEnded(t, second, caller, "completed").await().statusCode()).isEqualTo(200);
    delayEnds(text);
    gw.settled(db).messages("SELECT id FROM messages WHERE id = ?", text);

    assertThat(reason(first)).isEqualTo("cancelled_answered_call");
    assertThat(db.queryString("SELECT decision FROM calls WHERE call_sid = ?", first)).isEqualTo("skipped");
    assertThat(reason(second)).isEqualTo("answered");
    assertThat(message(text, "send_status")).isEqualTo("cancelled");
    assertThat(message(text, "message_sid")).isNull();
    assertThat(c.textsTo(caller)).isEmpty();
  }

  @Test
  void aCallDuringOpenHoursWithASixtySecondDelayIsSentOnceWhenTheDelayEnds() {
    TestTenant.Created t = tenant(60);
    String caller = TestTenant.randomNumber();
    String call = missed(t, caller);
    long text = textBack(call);
    assertThat(c.textsTo(caller)).as("nothing is sent while the delay runs").isEmpty();

    delayEnds(text);
    await().atMost(ConversationFixture.WAIT).until(() -> !c.textsTo(caller).isEmpty());
    gw.settled(db).textsTo(caller);

    assertThat(textBacksTo(caller)).hasSize(1);
    assertThat(c.textsTo(caller)).hasSize(1);
    assertThat(reason(call)).isEqualTo("texted");
    assertThat(message(text, "send_status")).isEqualTo("done");
    // latency counts from the end of the intended delay: the webhook's time plus the delay
    assertThat(db.queryString("SELECT extract(epoch FROM m.webhook_received_at - c.received_at)::int::text "
        + "FROM messages m JOIN calls c ON c.id = m.call_id WHERE m.id = ?", text)).isEqualTo("60");
  }

  @Test
  void aShortDelayRunsOutByItselfAndTheTextGoesOnceAfterIt() {
    TestTenant.Created t = tenant(1);
    String caller = TestTenant.randomNumber();
    long text = textBack(missed(t, caller));

    await().atMost(ConversationFixture.WAIT).until(() -> !c.textsTo(caller).isEmpty());
    gw.settled(db).textsTo(caller);

    assertThat(textBacksTo(caller)).hasSize(1);
    assertThat(message(text, "sent_at >= due_at AND due_at >= created_at + interval '1 second'")).isEqualTo("true");
  }

  @Test
  void theDelaySurvivesARestartAndTheTextGoesOnce() {
    TestTenant.Created t = tenant(60);
    String caller = TestTenant.randomNumber();
    long text = textBack(missed(t, caller));

    gw.stopGateway();
    delayEnds(text);
    gw.startGateway(Map.of());
    await().atMost(ConversationFixture.WAIT).until(() -> !c.textsTo(caller).isEmpty());
    gw.settled(db).textsTo(caller);

    assertThat(textBacksTo(caller)).hasSize(1);
    assertThat(c.textsTo(caller)).hasSize(1);
  }

  @Test
  void theCallerTextingFirstCancelsTheTextBackAndIsAnsweredInstead() {
    TestTenant.Created t = tenant(60);
    String caller = TestTenant.randomNumber();
    String call = missed(t, caller);
    long text = textBack(call);

    String reply = c.textAndAwaitReply(t, caller, "Hi, my kitchen sink is leaking");
    delayEnds(text);
    gw.settled(db).textsTo(caller);

    assertThat(reason(call)).isEqualTo("cancelled_caller_texted");
    assertThat(message(text, "send_status")).isEqualTo("cancelled");
    assertThat(reply).doesNotStartWith(TEXT_BACK);
    assertThat(textBacksTo(caller)).isEmpty();
  }
}

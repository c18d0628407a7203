package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What carriers report about an outbound text, on the create answer or on the delivery status callback: a
 * callback binds to the tenant whose account sent the text, an unreachable number is remembered, an unsubscribed
 * caller is opted out, a blocked sender pauses its workspace's non-reply texts until an operator resumes them,
 * and a text-back that never reached its caller no longer says "texted".
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CarrierOutcomesTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;
  private WebClient client;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
    client = WebClient.create(gw.clientVertx());
  }

  @AfterEach
  void heal() {
    gw.simulator().faults().clear();
    gw.simulator().dropWebhooks(false);
  }

  @AfterAll
  void stop() {
    client.close();
    gw.close();
  }

  private TestTenant.Created tenant(String name) {
    return gw.register(TestTenant.in(db).named(name).create());
  }

  /** A missed call whose text-back Twilio accepted, with no delivery callback yet (the simulator stays silent). */
  private String acceptedTextBack(TestTenant.Created t, String caller) {
    gw.simulator().dropWebhooks(true);
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    await().atMost(WAIT).until(() -> db.queryString("SELECT message_sid FROM messages WHERE to_number = ?", caller)
        != null);
    gw.simulator().dropWebhooks(false);
    return db.queryString("SELECT message_sid FROM messages WHERE to_number = ?", caller);
  }

  private String callReason(String caller) {
    return db.queryString("SELECT reason FROM calls WHERE caller = ? ORDER BY id LIMIT 1", caller);
  }

  private String messageStatus(String caller) {
    return db.queryString("SELECT status FROM messages WHERE to_number = ? ORDER BY id LIMIT 1", caller);
  }

  private WebhookResponse statusCallback(TestTenant.Created signer, String path, String sid, String from, String to,
                                         String status, Integer errorCode) {
    return gw.post(path, TwilioPayloads.messageStatus(signer.accountSid(), sid, from, to, status, errorCode),
        signer.authToken()).await();
  }

  private boolean paused(TestTenant.Created t) {
    return db.queryString("SELECT sending_paused_at::text FROM workspaces WHERE id = ?", t.workspaceId()) != null;
  }

  private double pausedMetric(int code) {
    String scrape = client.getAbs(gw.url("/metrics")).send().await().bodyAsString();
    return scrape.lines().filter(l -> l.startsWith("recovery_sending_paused_total{code=\"" + code + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
  }

  // ---- item 4: callbacks bound to their tenant; the create answer's status

  @Test
  void aStatusCallbackSignedByAnotherAgencysAccountChangesNothingOfTheMessage() {
    TestTenant.Created a = tenant("A Plumbing");
    TestTenant.Created b = tenant("B Electric");
    String caller = TestTenant.randomNumber();
    String sid = acceptedTextBack(a, caller);
    String before = messageStatus(caller);
    long message = db.queryLong("SELECT id FROM messages WHERE to_number = ?", caller);

    WebhookResponse bySid = statusCallback(b, "/twilio/messages/status", sid, a.number(), caller, "undelivered", 30006);
    WebhookResponse byJob = statusCallback(b, "/twilio/messages/status?message=" + message, TwilioPayloads.newMessageSid(),
        a.number(), caller, "failed", 30007);

    assertThat(bySid.statusCode()).isEqualTo(204);
    assertThat(byJob.statusCode()).isEqualTo(204);
    assertThat(messageStatus(caller)).isEqualTo(before);
    assertThat(db.queryString("SELECT message_sid FROM messages WHERE to_number = ?", caller)).isEqualTo(sid);
    assertThat(db.queryString("SELECT error_code::text FROM messages WHERE to_number = ?", caller)).isNull();
    assertThat(db.queryLong("SELECT count(*) FROM unreachable_numbers WHERE phone = ?", caller)).isZero();
    assertThat(paused(a)).isFalse();
    assertThat(callReason(caller)).isEqualTo("texted");
  }

  @Test
  void aStatusCallbackOfTheAccountThatSentTheMessageApplies() {
    TestTenant.Created a = tenant("A Plumbing");
    tenant("B Electric");
    String caller = TestTenant.randomNumber();
    String sid = acceptedTextBack(a, caller);

    WebhookResponse own = statusCallback(a, "/twilio/messages/status", sid, a.number(), caller, "delivered", null);

    assertThat(own.statusCode()).isEqualTo(204);
    assertThat(messageStatus(caller)).isEqualTo("delivered");
  }

  @Test
  void aCreateAnswerReportingReceivedIsStoredAsAnOutboundStatus() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String caller = TestTenant.randomNumber();
    gw.simulator().faults().answerCreateWith("received");

    acceptedTextBack(t, caller);
    c.awaitSettled(t);

    assertThat(messageStatus(caller)).isEqualTo("queued");
  }

  // ---- item 9 (1): unreachable numbers reported on the delivery callback

  @Test
  void aLandlineReportedOnTheDeliveryCallbackIsRememberedAndTheCallNoLongerSaysTexted() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String caller = TestTenant.randomNumber();
    gw.simulator().faults().failDelivery(caller, "undelivered", 30006);

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM unreachable_numbers WHERE phone = ?", caller)
        == 1);
    assertThat(messageStatus(caller)).isEqualTo("undelivered");
    assertThat(callReason(caller)).isEqualTo("caller_cannot_receive_sms");
    db.execute("UPDATE leads SET last_texted_at = now() - interval '2 days' WHERE caller = '" + caller + "'");
    String later = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(t, later, caller).await();
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", later))
        .isEqualTo("caller_cannot_receive_sms");
    assertThat(c.textsTo(caller)).hasSize(1);
  }

  // ---- item 9 (2): a blocked sender pauses the workspace

  @Test
  void carrierFilteringOnCreatePausesTheWorkspaceAlertsTheTeamOnceAndSkipsNewCalls() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String alert = TestTenant.randomNumber();
    c.notifies(t, "alert", alert);
    String first = TestTenant.randomNumber();
    String second = TestTenant.randomNumber();
    gw.simulator().faults().rejectRecipient(first, 400, 30007, "Message filtered");
    gw.simulator().faults().rejectRecipient(second, 400, 30007, "Message filtered");
    double before = pausedMetric(30007);

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), first).await();
    await().atMost(WAIT).until(() -> paused(t));
    await().atMost(WAIT).until(() -> c.textsTo(alert).size() == 1);
    String later = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(t, later, second).await();
    c.awaitSettled(t);

    assertThat(db.queryLong("SELECT sending_paused_code FROM workspaces WHERE id = ?", t.workspaceId()))
        .isEqualTo(30007);
    assertThat(c.bodiesTo(alert).get(0)).startsWith("Ace Plumbing").contains("PAUSED").contains("30007");
    assertThat(callReason(first)).isEqualTo("sending_paused");
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", later)).isEqualTo("sending_paused");
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback'",
        t.workspaceId())).isEqualTo(1);
    assertThat(c.textsTo(first)).isEmpty();
    assertThat(c.textsTo(second)).isEmpty();
    assertThat(c.textsTo(alert)).hasSize(1);
    assertThat(pausedMetric(30007)).isEqualTo(before + 1);
  }

  @Test
  void unregistered10dlcOnTheDeliveryCallbackPausesTheWorkspaceAndAlertsOnce() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String alert = TestTenant.randomNumber();
    c.notifies(t, "alert", alert);
    String first = TestTenant.randomNumber();
    gw.simulator().faults().failDelivery(first, "undelivered", 30034);

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), first).await();
    await().atMost(WAIT).until(() -> paused(t));
    await().atMost(WAIT).until(() -> c.textsTo(alert).size() == 1);
    String sid = db.queryString("SELECT message_sid FROM messages WHERE to_number = ?", first);
    statusCallback(t, "/twilio/messages/status", sid, t.number(), first, "undelivered", 30034);
    c.awaitSettled(t);

    assertThat(db.queryLong("SELECT sending_paused_code FROM workspaces WHERE id = ?", t.workspaceId()))
        .isEqualTo(30034);
    assertThat(callReason(first)).isEqualTo("sending_paused");
    assertThat(c.textsTo(alert)).hasSize(1);
  }

  @Test
  void whilePausedAReplyToACallerWhoTextedInStillGoes() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    db.execute("UPDATE workspaces SET sending_paused_at = now(), sending_paused_code = 30007 WHERE id = "
        + t.workspaceId());

    String reply = c.textAndAwaitReply(t, caller, "My kitchen sink is leaking");

    assertThat(reply).contains("address");
    assertThat(c.textsTo(caller)).hasSize(2);
  }

  @Test
  void whilePausedTheFollowUpOfASilentCallerIsCancelledNotSent() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);
    db.execute("UPDATE workspaces SET sending_paused_at = now(), sending_paused_code = 30007 WHERE id = "
        + t.workspaceId());

    assertThat(c.makeDue(conversation, "followup")).isEqualTo(1);
    await().atMost(WAIT).until(() -> "canceled".equals(db.queryString(
        "SELECT status FROM messages WHERE conversation_id = ? AND kind = 'followup'", conversation)));
    c.awaitSettled(t);

    assertThat(c.textsTo(caller)).hasSize(1);
    assertThat(db.queryString("SELECT send_status FROM messages "
        + "WHERE conversation_id = ? AND kind = 'followup'", conversation)).isEqualTo("cancelled");
  }

  // ---- item 9 (3): a suppressed text-back updates its call

  @Test
  void aTextBackRefusedWith21610OnCreateRecordsItsCallAsOptedOut() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String caller = TestTenant.randomNumber();
    gw.simulator().faults().rejectRecipient(caller, 400, 21610, "Attempt to send to unsubscribed recipient");

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    await().atMost(WAIT).until(() -> "failed".equals(messageStatus(caller)));
    assertThat(callReason(caller)).isEqualTo("caller_opted_out");
    assertThat(db.queryString("SELECT decision FROM calls WHERE caller = ?", caller)).isEqualTo("skipped");
  }

  @Test
  void aTextBackFailedWith21610OnTheDeliveryCallbackOptsTheCallerOutAndRecordsItsCall() {
    TestTenant.Created t = tenant("Ace Plumbing");
    String caller = TestTenant.randomNumber();
    gw.simulator().faults().failDelivery(caller, "failed", 21610);

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    await().atMost(WAIT).until(() -> "caller_opted_out".equals(callReason(caller)));
    assertThat(db.queryLong("SELECT count(*) FROM opt_outs WHERE workspace_id = ? AND phone = ?", t.workspaceId(),
        caller)).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM consent_events WHERE phone = ? AND source = 'twilio_21610'", caller))
        .isEqualTo(1);
    assertThat(messageStatus(caller)).isEqualTo("failed");
  }

  @Test
  void aTextBackQueuedBeforeTheCallerSaidStopRecordsItsCallAsOptedOut() {
    TestTenant.Created t = tenant("Ace Plumbing");
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

    await().atMost(WAIT).until(() -> "failed".equals(messageStatus(caller)));
    assertThat(callReason(caller)).isEqualTo("caller_opted_out");
    assertThat(c.textsTo(caller)).isEmpty();
  }
}

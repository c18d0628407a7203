package com.missedcall.gateway.intake;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.webhooks.WebhookSigner;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.recovery.secrets.SecretBox;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.WebhookReceiver;
import com.missedcall.twiliosim.TwilioPayloads;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Callback scheduling (issue #14 item 5) through the intake page and the intake script: the window the caller
 * gives is kept on the lead with their words, the team summary says it in words, and the business's own tools get
 * one signed {@code callback.requested} webhook per lead and window, however often it is sent again.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackRequestTest {
  private static final String SECRET = "whsec_callback_test_secret_0000000000";
  private TestDatabase db;
  private GatewayUnderTest gw;
  private IntakeFixture f;
  private Vertx vertx;
  private WebhookReceiver receiver;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    // the fake receiver listens on loopback: allowed as an operator allows an internal network
    gw = GatewayUnderTest.start(db, redis, Map.of("WEBHOOK_ALLOWED_NETWORKS", "127.0.0.1"),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    f = new IntakeFixture(gw, db);
    vertx = Vertx.vertx();
    receiver = WebhookReceiver.start(vertx);
  }

  @AfterAll
  void stop() {
    receiver.close();
    vertx.close().await();
    gw.close();
  }

  /** A tenant whose agency's endpoint (at the fake receiver) takes callback.requested, its secret sealed. */
  private TestTenant.Created tenant(String team) {
    TestTenant.Created t = f.tenant(team);
    long id = db.queryLong("SELECT nextval(pg_get_serial_sequence('webhook_endpoints', 'id'))");
    db.queryLong("INSERT INTO webhook_endpoints (id, agency_id, url, events, secret) VALUES (?, ?, ?, "
            + "ARRAY['callback.requested'], ?) RETURNING id", id, t.agencyId(), receiver.url() + "/" + t.agencyId(),
        GatewayUnderTest.testSecrets().seal(SECRET, SecretBox.webhookEndpoint(id)));
    return t;
  }

  private java.util.List<WebhookReceiver.Received> hooks(TestTenant.Created t) {
    return receiver.of("callback.requested").stream()
        .filter(r -> r.json().getLong("workspace_id") == t.workspaceId()).toList();
  }

  private long requested(TestTenant.Created t) {
    return f.count("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = ? AND event_type = "
        + "'callback.requested'", t.workspaceId());
  }

  /** Whole days from the lead's last update to the window's start, and its local bounds, in the workspace's zone. */
  private String window(TestTenant.Created t, String caller) {
    return db.queryString("SELECT ((l.callback_from AT TIME ZONE w.timezone)::date - (l.updated_at AT TIME ZONE "
        + "w.timezone)::date) || ' ' || to_char(l.callback_from AT TIME ZONE w.timezone, 'HH24:MI') || '-' || "
        + "to_char(l.callback_to AT TIME ZONE w.timezone, 'HH24:MI') FROM leads l JOIN workspaces w ON w.id = "
        + "l.workspace_id WHERE l.workspace_id = ? AND l.caller = ?", t.workspaceId(), caller);
  }

  private String submitTomorrowMorning(TestTenant.Created t, String caller) {
    String link = f.missedCallLink(t, caller);
    String nonce = IntakeFixture.nonceOf(IntakeFixture.get(link).body());
    Map<String, String> answers = IntakeFixture.answers(nonce, "Leaking water heater");
    answers.remove("callback_time");
    answers.put("callback_day", "tomorrow");
    answers.put("callback_part", "morning");
    assertThat(IntakeFixture.post(link, answers).body()).contains("Thank you!");
    return link;
  }

  @Test
  void thePageOffersADayAndAPartOfTheDayBesideTheCallersOwnWords() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());

    String page = IntakeFixture.get(f.missedCallLink(t, TestTenant.randomNumber())).body();

    assertThat(page).contains("<legend>Which day should we call you back?</legend>")
        .contains("name=\"callback_day\" value=\"tomorrow\"").contains("name=\"callback_part\" value=\"evening\"")
        .contains("<label for=\"f-callback_time\">Best time to call you back");
  }

  @Test
  void aPageSubmissionOfTomorrowMorningKeepsTheCallersChoiceAndTheWindowOnTheLead() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();

    submitTomorrowMorning(t, caller);

    assertThat(f.c.lead(t, caller, "callback_time")).isEqualTo("Tomorrow morning");
    assertThat(window(t, caller)).isEqualTo("1 08:00-12:00");
  }

  @Test
  void theTeamSummaryOfAPageSubmissionSaysWhenToCallBackInWords() {
    String team = TestTenant.randomNumber();
    TestTenant.Created t = tenant(team);

    submitTomorrowMorning(t, TestTenant.randomNumber());

    await().atMost(WAIT).until(() -> f.texts(team).size() == 1);
    assertThat(f.texts(team).get(0)).containsPattern("Call back: tomorrow \\([A-Z][a-z]{2} [A-Z][a-z]{2} \\d{1,2}\\), "
        + "8:00 am-12:00 pm\\.");
  }

  @Test
  void aPageSubmissionWithAWindowPostsOneCallbackRequestedWebhookSignedWithTheEndpointsSecret() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();

    submitTomorrowMorning(t, caller);

    await().atMost(WAIT).until(() -> hooks(t).size() == 1);
    WebhookReceiver.Received hook = hooks(t).get(0);
    String signature = hook.headers().get(WebhookSigner.HEADER);
    String ts = signature.substring(2, signature.indexOf(','));
    assertThat(signature).isEqualTo("t=" + ts + ",v1=" + WebhookSigner.hmac(SECRET, ts + "." + hook.body()));
    JsonObject data = hook.json().getJsonObject("data");
    assertThat(data.getString("caller")).isEqualTo(caller);
    assertThat(data.getString("source")).isEqualTo("intake_page");
    assertThat(data.getString("said")).isEqualTo("Tomorrow morning");
    assertThat(data.getString("need")).isEqualTo("Leaking water heater");
    JsonObject window = data.getJsonObject("window");
    assertThat(window.getString("timezone")).isEqualTo("America/New_York");
    assertThat(window.getString("from_local")).endsWith("T08:00:00");
    assertThat(window.getString("to_local")).endsWith("T12:00:00");
    assertThat(window.getString("words")).endsWith(", 8:00 am-12:00 pm");
  }

  @Test
  void replayingTheSubmittedFormPostsNoSecondCallbackRequested() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    String link = f.missedCallLink(t, caller);
    String nonce = IntakeFixture.nonceOf(IntakeFixture.get(link).body());
    Map<String, String> answers = IntakeFixture.answers(nonce, "Blocked drain");
    IntakeFixture.post(link, answers);
    await().atMost(WAIT).until(() -> hooks(t).size() == 1);

    assertThat(IntakeFixture.post(link, answers).body()).contains("Thank you!");

    f.c.awaitSettled(t);
    assertThat(requested(t)).isEqualTo(1);
    assertThat(hooks(t)).hasSize(1);
  }

  @Test
  void aPageSubmissionWithoutACallbackTimePostsNoCallbackRequested() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    String link = f.missedCallLink(t, caller);
    Map<String, String> answers = IntakeFixture.answers(IntakeFixture.nonceOf(IntakeFixture.get(link).body()), "Tap");
    answers.remove("callback_time");

    IntakeFixture.post(link, answers);

    f.c.awaitSettled(t);
    assertThat(f.c.lead(t, caller, "need")).isEqualTo("Tap");
    assertThat(requested(t)).isZero();
  }

  /** A caller walks the intake script up to its callback question. */
  private String scriptUpToTheCallbackQuestion(TestTenant.Created t, String caller) {
    f.c.missedCall(t, caller);
    f.c.textAndAwaitReply(t, caller, "Dripping faucet in the bathroom");
    f.c.textAndAwaitReply(t, caller, "12 Elm Street, Springfield");
    return f.c.textAndAwaitReply(t, caller, "It can wait a few days");
  }

  @Test
  void anIntakeScriptAnswerKeepsTheCallersWordsAndTheWindowOnTheLeadAndTellsTheTeamInWords() {
    String team = TestTenant.randomNumber();
    TestTenant.Created t = tenant(team);
    String caller = TestTenant.randomNumber();
    assertThat(scriptUpToTheCallbackQuestion(t, caller)).contains("When's a good time for us to call you back?");

    f.c.textAndAwaitReply(t, caller, "tmrw afternoon pls");

    assertThat(f.c.lead(t, caller, "callback_time")).isEqualTo("tmrw afternoon pls");
    assertThat(window(t, caller)).isEqualTo("1 12:00-17:00");
    await().atMost(WAIT).until(() -> f.texts(team).size() == 1);
    assertThat(f.texts(team).get(0)).containsPattern("Call back: tomorrow \\(.+\\), 12:00 pm-5:00 pm\\.");
  }

  @Test
  void anIntakeScriptAnswerPostsOneSignedCallbackRequestedFromTheScript() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    scriptUpToTheCallbackQuestion(t, caller);

    f.c.textAndAwaitReply(t, caller, "tomorrow 2-4pm");

    await().atMost(WAIT).until(() -> hooks(t).size() == 1);
    WebhookReceiver.Received hook = hooks(t).get(0);
    String signature = hook.headers().get(WebhookSigner.HEADER);
    String ts = signature.substring(2, signature.indexOf(','));
    assertThat(signature).isEqualTo("t=" + ts + ",v1=" + WebhookSigner.hmac(SECRET, ts + "." + hook.body()));
    JsonObject data = hook.json().getJsonObject("data");
    assertThat(data.getString("source")).isEqualTo("intake_script");
    assertThat(data.getString("said")).isEqualTo("tomorrow 2-4pm");
    assertThat(data.getString("address")).isEqualTo("12 Elm Street, Springfield");
    assertThat(data.getJsonObject("window").getString("from_local")).endsWith("T14:00:00");
    assertThat(data.getJsonObject("window").getString("to_local")).endsWith("T16:00:00");
  }

  @Test
  void twilioRetryingTheCallbackAnswersWebhookPostsNoSecondCallbackRequested() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    scriptUpToTheCallbackQuestion(t, caller);
    Map<String, String> answer = TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(), caller,
        t.number(), "tomorrow morning");

    assertThat(f.c.deliver(t, answer).statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> hooks(t).size() == 1);
    assertThat(f.c.deliver(t, answer).statusCode()).isEqualTo(200);

    f.c.awaitSettled(t);
    assertThat(requested(t)).isEqualTo(1);
    assertThat(hooks(t)).hasSize(1);
  }

  @Test
  void theSameWindowGivenAgainByTheSameLeadPostsNoSecondCallbackRequested() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    submitTomorrowMorning(t, caller);
    await().atMost(WAIT).until(() -> hooks(t).size() == 1);
    // the caller is asked again (as a later intake would) and gives the same window in other words
    db.execute("UPDATE conversations SET intake_step = 'callback' WHERE id = " + f.c.conversation(t, caller));

    f.c.textAndAwaitReply(t, caller, "tomorrow, in the morning");

    f.c.awaitSettled(t);
    assertThat(f.c.lead(t, caller, "callback_time")).isEqualTo("tomorrow, in the morning");
    assertThat(requested(t)).isEqualTo(1);
  }

  @Test
  void aDifferentWindowFromTheSameLeadIsANewCallbackRequested() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    submitTomorrowMorning(t, caller);
    db.execute("UPDATE conversations SET intake_step = 'callback' WHERE id = " + f.c.conversation(t, caller));

    f.c.textAndAwaitReply(t, caller, "actually tomorrow evening");

    await().atMost(WAIT).until(() -> hooks(t).size() == 2);
    assertThat(hooks(t).get(1).json().getJsonObject("data").getString("source")).isEqualTo("intake_script");
  }

  @Test
  void theUrgentAlertSaysWhenTheCallerAskedToBeCalledBack() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String alert = TestTenant.randomNumber();
    f.c.notifies(t, "alert", alert);
    String caller = TestTenant.randomNumber();
    submitTomorrowMorning(t, caller);

    f.c.text(t, caller, "Now the basement is flooding!");

    await().atMost(WAIT).until(() -> f.texts(alert).size() == 1);
    assertThat(f.texts(alert).get(0)).startsWith("URGENT Ace Plumbing")
        .containsPattern("They asked for a call back tomorrow \\(.+\\), 8:00 am-12:00 pm\\.$");
  }

  @Test
  void theOnCallAlertSaysWhenTheCallerAskedToBeCalledBackWhileThatIsStillAhead() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String onCall = TestTenant.randomNumber();
    f.c.notifies(t, "on_call", onCall);
    String caller = TestTenant.randomNumber();
    f.c.missedCall(t, caller);
    // a window the lead gave earlier, tomorrow 5-8 pm on the workspace's clock
    db.execute("UPDATE leads l SET callback_time = 'tomorrow evening', callback_from = (((now() AT TIME ZONE "
        + "w.timezone)::date + 1) + time '17:00') AT TIME ZONE w.timezone, callback_to = (((now() AT TIME ZONE "
        + "w.timezone)::date + 1) + time '20:00') AT TIME ZONE w.timezone FROM workspaces w WHERE w.id = "
        + "l.workspace_id AND l.workspace_id = " + t.workspaceId());
    long conversation = f.c.conversation(t, caller);
    f.c.makeDue(conversation, "followup");
    await().atMost(WAIT).until(() -> f.c.timerWaits(conversation, "oncall"));

    f.c.makeDue(conversation, "oncall");

    await().atMost(WAIT).until(() -> f.texts(onCall).size() == 1);
    assertThat(f.texts(onCall).get(0)).contains(" on-call: ")
        .containsPattern("They asked for a call back tomorrow \\(.+\\), 5:00 pm-8:00 pm\\.$");
  }

  @Test
  void theOnCallAlertLeavesOutACallbackWindowThatIsOver() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String onCall = TestTenant.randomNumber();
    f.c.notifies(t, "on_call", onCall);
    String caller = TestTenant.randomNumber();
    f.c.missedCall(t, caller);
    db.execute("UPDATE leads SET callback_time = 'yesterday', callback_from = now() - interval '26 hours', "
        + "callback_to = now() - interval '24 hours' WHERE workspace_id = " + t.workspaceId());
    long conversation = f.c.conversation(t, caller);
    f.c.makeDue(conversation, "followup");
    await().atMost(WAIT).until(() -> f.c.timerWaits(conversation, "oncall"));

    f.c.makeDue(conversation, "oncall");

    await().atMost(WAIT).until(() -> f.texts(onCall).size() == 1);
    assertThat(f.texts(onCall).get(0)).doesNotContain("call back tomorrow").doesNotContain("asked for a call back");
  }

  @Test
  void theCallersSummaryAfterThePageRepeatsTheWindowTheyAskedFor() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();

    submitTomorrowMorning(t, caller);

    await().atMost(WAIT).until(() -> f.texts(caller).size() == 2);
    assertThat(f.texts(caller).get(1)).containsPattern("You asked for a call back tomorrow \\(.+\\), "
        + "8:00 am-12:00 pm\\. Someone from Ace Plumbing");
  }

  @Test
  void theCallersSummaryAfterTheScriptRepeatsTheWindowTheyAskedFor() {
    TestTenant.Created t = tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    scriptUpToTheCallbackQuestion(t, caller);

    String summary = f.c.textAndAwaitReply(t, caller, "tomorrow evening");

    assertThat(summary).startsWith("Thanks! Here's what we have: Dripping faucet")
        .containsPattern("You asked for a call back tomorrow \\(.+\\), 5:00 pm-8:00 pm\\.");
  }
}

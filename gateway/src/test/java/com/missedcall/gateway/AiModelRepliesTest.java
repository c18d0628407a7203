package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.FakeChatModel;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replies written by a model behind an OpenAI-compatible endpoint (a local fake speaking the real wire
 * format): the prompt carries the persona and the business's facts, what the caller says lands in the
 * lead, the post-filter replaces prices, discounts and arrival promises, and a slow or failing model still
 * leaves the caller with the intake script's answer and the team with an alert.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiModelRepliesTest {
  private TestDatabase db;
  private Vertx fakeVertx;
  private FakeChatModel model;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    fakeVertx = Vertx.vertx();
    model = FakeChatModel.start(fakeVertx);
    gw = GatewayUnderTest.start(db, redis, Map.of(
            "AI_BASE_URL", model.baseUrl(),
            "AI_API_KEY", "sk-test-key",
            "AI_MODEL", "test-model",
            "AI_TIMEOUT_MS", "600",
            "AI_MAX_RETRIES", "1"),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterEach
  void resetModel() {
    model.reset();
  }

  @AfterAll
  void stop() {
    gw.close();
    model.close();
    fakeVertx.close().await();
  }

  private TestTenant.Created tenant() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Ace Plumbing").create());
    c.profile(t, "ai_persona = 'Sam, the friendly office assistant', services = 'Drain cleaning, water heaters', "
        + "business_hours = 'Mon-Fri 8am-6pm', service_area = 'Springfield and Shelbyville', "
        + "booking_link = 'https://book.example/ace'");
    return t;
  }

  private static JsonObject answer(String reply) {
    return new JsonObject().put("reply", reply).putNull("need").putNull("address").putNull("urgency");
  }

  @Test
  void aReplyIsWrittenByTheModelWithThePersonaAndTheBusinessFactsInThePrompt() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    model.answeringJson(answer("So sorry about that! What's the address of the job?").put("need", "clogged drain"));
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "My kitchen drain is clogged");

    assertThat(reply).isEqualTo("So sorry about that! What's the address of the job?");
    FakeChatModel.Request request = model.requests().get(0);
    assertThat(request.headers().get("Authorization")).isEqualTo("Bearer sk-test-key");
    assertThat(request.body().getString("model")).isEqualTo("test-model");
    assertThat(request.system()).contains("Sam, the friendly office assistant").contains("Ace Plumbing")
        .contains("Drain cleaning, water heaters").contains("Mon-Fri 8am-6pm").contains("Springfield and Shelbyville")
        .contains("https://book.example/ace").contains("Never quote prices");
    assertThat(request.messages().getJsonObject(1).getString("role")).isEqualTo("assistant");
    assertThat(request.messages().getJsonObject(1).getString("content")).startsWith("Ace Plumbing");
    assertThat(request.messages().getJsonObject(2).getString("role")).isEqualTo("user");
    assertThat(request.messages().getJsonObject(2).getString("content")).isEqualTo("My kitchen drain is clogged");
    assertThat(c.lead(t, caller, "need")).isEqualTo("clogged drain");
    assertThat(c.events(c.conversation(t, caller), "ai_replied", "model")).isEqualTo(1);
  }

  @Test
  void whatTheCallerSaysIsExtractedIntoTheLeadAndACompletedIntakeIsSummarisedForCallerAndTeam() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String team = TestTenant.randomNumber();
    c.notifies(t, "team", team);
    model.answeringJson(new JsonObject().put("reply", "Thanks, we'll get someone out to you.")
        .put("need", "water heater not working").put("address", "742 Evergreen Terrace").put("urgency", "today"));
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "Water heater died, 742 Evergreen Terrace, need it today");

    assertThat(c.lead(t, caller, "need")).isEqualTo("water heater not working");
    assertThat(c.lead(t, caller, "address")).isEqualTo("742 Evergreen Terrace");
    assertThat(c.lead(t, caller, "urgency")).isEqualTo("today");
    assertThat(c.lead(t, caller, "stage")).isEqualTo("qualified");
    assertThat(reply).contains("water heater not working").contains("742 Evergreen Terrace").contains("today");
    await().atMost(WAIT).until(() -> c.textsTo(team).size() == 1);
    assertThat(c.textsTo(team).get(0).body()).contains(caller).contains("water heater not working");
  }

  private long callbackRequests(TestTenant.Created t) {
    return db.queryLong("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = ? AND event_type = "
        + "'callback.requested' AND payload -> 'data' ->> 'source' = 'ai'", t.workspaceId());
  }

  private TestTenant.Created tenantTakingCallbackRequests() {
    TestTenant.Created t = tenant();
    db.execute("INSERT INTO webhook_endpoints (agency_id, url, events, secret) VALUES (" + t.agencyId()
        + ", 'https://hooks.example.test/callbacks', ARRAY['callback.requested'], 'unused')");
    return t;
  }

  @Test
  void aCallbackTimeTheModelExtractedIsKeptOnTheLeadWithItsWindowAndPostedOnce() {
    TestTenant.Created t = tenantTakingCallbackRequests();
    String caller = TestTenant.randomNumber();
    model.answeringJson(answer("Got it, and the address?").put("need", "blocked drain")
        .put("callback_time", "tomorrow afternoon"));
    c.missedCall(t, caller);

    c.textAndAwaitReply(t, caller, "Blocked drain, call me tomorrow afternoon");

    assertThat(model.requests().get(0).system()).contains("\"callback_time\": string or null");
    assertThat(c.lead(t, caller, "callback_time")).isEqualTo("tomorrow afternoon");
    assertThat(c.lead(t, caller, "to_char(callback_from AT TIME ZONE (SELECT timezone FROM workspaces w WHERE w.id = "
        + "workspace_id), 'HH24:MI')")).isEqualTo("12:00");
    assertThat(callbackRequests(t)).isEqualTo(1);
  }

  @Test
  void theModelRepeatingWordsTheLeadAlreadyHoldsMakesNoNewWindowFromThemOnALaterDay() {
    TestTenant.Created t = tenantTakingCallbackRequests();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    // said yesterday: "tomorrow afternoon" is today 12-5 pm on the workspace's clock
    db.execute("UPDATE leads l SET callback_time = 'tomorrow afternoon', callback_from = ((now() AT TIME ZONE "
        + "w.timezone)::date + time '12:00') AT TIME ZONE w.timezone, callback_to = ((now() AT TIME ZONE "
        + "w.timezone)::date + time '17:00') AT TIME ZONE w.timezone FROM workspaces w WHERE w.id = l.workspace_id "
        + "AND l.workspace_id = " + t.workspaceId());
    model.answeringJson(answer("Got it, and the address?").put("callback_time", "tomorrow afternoon"));

    c.textAndAwaitReply(t, caller, "It's a blocked drain");

    c.awaitSettled(t);
    assertThat(callbackRequests(t)).isZero();
    assertThat(c.lead(t, caller, "((callback_from AT TIME ZONE (SELECT timezone FROM workspaces w WHERE w.id = "
        + "workspace_id))::date = (now() AT TIME ZONE (SELECT timezone FROM workspaces w WHERE w.id = "
        + "workspace_id))::date)::text")).isEqualTo("true");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "We can fix that for $89 today.|price",
      "Good news: 20% off drain cleaning this week!|discount",
      "A technician can be there in 30 minutes.|arrival_time"})
  void aModelReplyQuotingAPriceADiscountOrAnArrivalTimeIsReplacedByTheHandOffLine(String written, String reason) {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    model.answeringJson(answer(written));
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "Shower drain is slow");

    assertThat(reply).isEqualTo("Thanks! Someone from Ace Plumbing will confirm the details with you shortly.");
    assertThat(c.events(c.conversation(t, caller), "reply_filtered", reason)).isEqualTo(1);
  }

  @Test
  void aPriceIsSentAsWrittenWhenTheProfileAllowsPrices() {
    TestTenant.Created t = tenant();
    c.profile(t, "ai_allow_prices = true");
    String caller = TestTenant.randomNumber();
    model.answeringJson(answer("Drain cleaning starts at $89. What's the address?"));
    c.missedCall(t, caller);

    assertThat(c.textAndAwaitReply(t, caller, "How much is drain cleaning?"))
        .isEqualTo("Drain cleaning starts at $89. What's the address?");
  }

  @Test
  void aPlainTextModelAnswerIsSentAsTheReply() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    model.answering(r -> "Sorry to hear that. Where is the leak?");
    c.missedCall(t, caller);

    assertThat(c.textAndAwaitReply(t, caller, "There's a leak")).isEqualTo("Sorry to hear that. Where is the leak?");
  }

  @Test
  void theModelTimingOutStillGivesTheCallerAnIntakeScriptReplyAndAlertsTheTeamOnce() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String alert = TestTenant.randomNumber();
    c.notifies(t, "alert", alert);
    model.slow(Duration.ofSeconds(3));
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    String first = c.textAndAwaitReply(t, caller, "Sump pump stopped working");
    String second = c.textAndAwaitReply(t, caller, "55 Oak Avenue");

    assertThat(first).isEqualTo("Thanks! What's the address where you need the service?");
    assertThat(second).contains("How urgent");
    assertThat(c.lead(t, caller, "need")).isEqualTo("Sump pump stopped working");
    assertThat(c.lead(t, caller, "address")).isEqualTo("55 Oak Avenue");
    assertThat(c.events(conversation, "model_failed", "timeout")).isEqualTo(2);
    await().atMost(WAIT).until(() -> c.textsTo(alert).size() == 1);
    assertThat(c.textsTo(alert).get(0).body()).contains("Ace Plumbing").contains(caller);
    c.awaitSettled(t);
    assertThat(c.textsTo(alert)).hasSize(1);
    assertThat(model.requests()).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void aModelAnswering500IsRetriedOnceThenTheIntakeScriptAnswers() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    model.failing(500);
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "Garbage disposal is humming");

    assertThat(reply).isEqualTo("Thanks! What's the address where you need the service?");
    assertThat(model.requests()).hasSize(2);
    assertThat(c.events(c.conversation(t, caller), "model_failed", "http_500")).isEqualTo(1);
    assertThat(c.events(c.conversation(t, caller), "alert_skipped", "no_alert_numbers")).isEqualTo(1);
  }

  @Test
  void aModelThatFailsOnceAndThenAnswersIsUsedWithoutAlertingAnyone() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String alert = TestTenant.randomNumber();
    c.notifies(t, "alert", alert);
    model.answeringJson(answer("Got it! What's the address?")).failingNext(1, 503);
    c.missedCall(t, caller);

    assertThat(c.textAndAwaitReply(t, caller, "Water softener leaking")).isEqualTo("Got it! What's the address?");
    assertThat(model.requests()).hasSize(2);
    c.awaitSettled(t);
    assertThat(c.textsTo(alert)).isEmpty();
    assertThat(c.events(c.conversation(t, caller), "model_failed", "http_503")).isZero();
  }

  @Test
  void theModelIsNotAskedWhenAGuardSaysNo() {
    TestTenant.Created t = tenant();
    c.profile(t, "ai_turn_limit = 0");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    c.text(t, caller, "Need a plumber");

    c.awaitEvent(conversation, "ai_skipped", "ai_turn_limit_reached");
    assertThat(model.requests()).isEmpty();
    assertThat(c.textsTo(caller)).hasSize(1);
  }
}

package com.missedcall.gateway.testcalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test-call mode end to end on a real gateway (PostgreSQL, Redis, the Twilio simulator): a registered test
 * caller's missed call runs the live path (decision, text-back, conversation) but counts nowhere.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCallModeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  /** A workspace with its API key and one registered test caller. */
  private record Setup(TestTenant.Created tenant, String key, String testCaller) {}

  private Setup setup(TestTenant builder) {
    TestTenant.Created t = gw.register(builder.create());
    String key = keyFor(t.agencyId());
    String testCaller = TestTenant.randomNumber();
    JsonObject created = json(send("POST", "/api/v1/workspaces/" + t.workspaceId() + "/test-callers", key,
        new JsonObject().put("number", testCaller).put("label", "Owner's mobile")));
    assertThat(created.getString("number")).isEqualTo(testCaller);
    return new Setup(t, key, testCaller);
  }

  private String keyFor(long agencyId) {
    ApiKeys.NewKey k = ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        agencyId, "test calls", k.displayPrefix(), k.hash());
    return k.key();
  }

  private HttpResponse<String> send(String method, String path, String apiKey, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    request.header("Authorization", "Bearer " + apiKey);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  private JsonObject overview(Setup s) {
    return json(send("GET", "/api/v1/overview?workspace_id=" + s.tenant().workspaceId(), s.key(), null));
  }

  /** The overview's counts a call could move. */
  private static JsonObject counts(JsonObject overview) {
    return new JsonObject().put("missed_calls", overview.getValue("missed_calls"))
        .put("texted_calls", overview.getValue("texted_calls"))
        .put("recovered_leads", overview.getValue("recovered_leads"))
        .put("new_leads", overview.getValue("new_leads"))
        .put("funnel", overview.getValue("funnel"))
        .put("reasons", overview.getValue("reasons"));
  }

  private long usageRows(long workspaceId) {
    return db.queryLong("SELECT coalesce(sum(used), 0) FROM usage_counters WHERE workspace_id = ?", workspaceId);
  }

  private String missedCall(TestTenant.Created t, String caller) {
    String callSid = TwilioPayloads.newCallSid();
    assertThat(gw.forwardedCallEnded(t, callSid, caller).await().statusCode()).isEqualTo(204);
    return callSid;
  }

  @Test
  void aTestCallersMissedCallIsTextedBackAndOpensAConversationBothMarkedTest() {
    Setup s = setup(TestTenant.in(db).named("Test Plumbing"));

    String callSid = missedCall(s.tenant(), s.testCaller());

    assertThat(db.queryString("SELECT reason || '/' || is_test FROM calls WHERE call_sid = ?", callSid))
        .isEqualTo("texted/true");
    assertThat(db.queryString("SELECT is_test::text FROM leads WHERE workspace_id = ? AND caller = ?",
        s.tenant().workspaceId(), s.testCaller())).isEqualTo("true");
    assertThat(db.queryLong("SELECT count(*) FROM conversations c JOIN leads l ON l.id = c.lead_id "
        + "WHERE l.workspace_id = ? AND l.caller = ? AND c.status = 'open'", s.tenant().workspaceId(), s.testCaller()))
        .isEqualTo(1);
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(s.testCaller()).size() == 1);
    assertThat(gw.simulator().messagesTo(s.testCaller()).get(0).body()).startsWith("Test Plumbing");
  }

  @Test
  void aTestCallTakesNothingFromTheUsageCounters() {
    Setup s = setup(TestTenant.in(db));

    missedCall(s.tenant(), s.testCaller());
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(s.testCaller()).size() == 1);

    assertThat(usageRows(s.tenant().workspaceId())).isZero();
    JsonObject usage = json(send("GET", "/api/v1/workspaces/" + s.tenant().workspaceId() + "/usage", s.key(), null));
    assertThat(usage.getJsonObject("sms_today").getInteger("used")).isZero();
    assertThat(usage.getJsonObject("leads_this_month").getInteger("used")).isZero();
  }

  @Test
  void aTestCallIsTextedEvenWhenTheDailySmsCapIsReached() {
    Setup s = setup(TestTenant.in(db).dailySmsCap(1));
    String live = TestTenant.randomNumber();
    missedCall(s.tenant(), live);

    String testCall = missedCall(s.tenant(), s.testCaller());

    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", testCall)).isEqualTo("texted");
    assertThat(usageRows(s.tenant().workspaceId())).isEqualTo(2); // the live caller's text and lead, nothing more
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", missedCall(s.tenant(),
        TestTenant.randomNumber()))).isEqualTo("daily_sms_cap_reached");
  }

  @Test
  void aTestCallerCallingAgainWithinTheDuplicateWindowIsTextedAgain() {
    Setup s = setup(TestTenant.in(db).duplicateWindowSeconds(3600));
    missedCall(s.tenant(), s.testCaller());

    String again = missedCall(s.tenant(), s.testCaller());

    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", again)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(s.testCaller()).size() == 2);
  }

  @Test
  void aTestCallLeavesTheOverviewCountsAndTheRollupUnchanged() {
    Setup s = setup(TestTenant.in(db));
    JsonObject before = counts(overview(s));

    missedCall(s.tenant(), s.testCaller());
    db.queryString("SELECT buckets::text FROM call_rollup_fold(interval '1 day')");

    assertThat(counts(overview(s))).isEqualTo(before);
    assertThat(db.queryLong("SELECT count(*) FROM call_rollup_hourly WHERE workspace_id = ?",
        s.tenant().workspaceId())).isZero();
  }

  @Test
  void aNormalCallersMissedCallStillCountsInUsageAndTheOverview() {
    Setup s = setup(TestTenant.in(db));
    long missedBefore = overview(s).getLong("missed_calls");

    String callSid = missedCall(s.tenant(), TestTenant.randomNumber());

    assertThat(db.queryString("SELECT is_test::text FROM calls WHERE call_sid = ?", callSid)).isEqualTo("false");
    assertThat(usageRows(s.tenant().workspaceId())).isEqualTo(2);
    assertThat(overview(s).getLong("missed_calls")).isEqualTo(missedBefore + 1);
  }

  @Test
  void theCallsAndLeadsExportsMarkTheTestCallInTheirTestColumn() {
    Setup s = setup(TestTenant.in(db));
    String callSid = missedCall(s.tenant(), s.testCaller());
    String ws = "/api/v1/workspaces/" + s.tenant().workspaceId();

    String[] calls = send("GET", ws + "/exports/calls.csv", s.key(), null).body().split("\r\n");
    String[] leads = send("GET", ws + "/exports/leads.csv", s.key(), null).body().split("\r\n");

    assertThat(calls[0]).endsWith(",test");
    assertThat(calls[1]).contains("," + callSid + ",").endsWith(",true");
    assertThat(leads[0]).endsWith(",test");
    assertThat(leads[1]).contains("," + s.testCaller() + ",").endsWith(",true");
  }

  /** The number's {@code test_call} setup check item (the verification step). */
  private JsonObject testCallCheck(Setup s) {
    JsonObject check = json(send("GET", "/api/v1/workspaces/" + s.tenant().workspaceId() + "/setup-check", s.key(),
        null));
    JsonArray items = check.getJsonArray("numbers").getJsonObject(0).getJsonArray("checks");
    return items.stream().map(JsonObject.class::cast).filter(i -> "test_call".equals(i.getString("key")))
        .findFirst().orElseThrow(() -> new AssertionError("no test_call check in " + check.encode()));
  }

  @Test
  void theSetupCheckAsksForATestCallFromTheTestNumberUntilOneArrives() {
    Setup s = setup(TestTenant.in(db));

    JsonObject item = testCallCheck(s);

    assertThat(item.getBoolean("ok")).isFalse();
    assertThat(item.getString("detail")).isEqualTo("No test call yet — call your tracked number " + s.tenant().number()
        + " from " + s.testCaller() + " and let it ring out");
  }

  @Test
  void theSetupCheckShowsWhenTheTestCallCameInTheWorkspacesZoneAndHowFastItWasTextedBack() {
    Setup s = setup(TestTenant.in(db));
    db.queryLong("UPDATE workspaces SET timezone = 'America/Chicago' WHERE id = ? RETURNING id", s.tenant().workspaceId());
    String callSid = missedCall(s.tenant(), s.testCaller());
    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM messages WHERE call_id = (SELECT id FROM calls "
        + "WHERE call_sid = ?) AND sent_at IS NOT NULL", callSid) == 1);
    OffsetDateTime received = OffsetDateTime.parse(db.queryString(
        "SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM calls WHERE call_sid = ?",
        callSid));
    String local = DateTimeFormatter.ofPattern("h:mm a z 'on' EEE MMM d", Locale.US)
        .format(received.atZoneSameInstant(ZoneId.of("America/Chicago")));

    JsonObject item = testCallCheck(s);

    assertThat(item.getBoolean("ok")).isTrue();
    assertThat(item.getString("detail")).startsWith("Test call received at " + local + " — text-back sent in ")
        .matches(".* sent in [0-9]+(\\.[0-9])? s");
  }

  @Test
  void placingATestCallWithoutATestCallerIsAConflictWithItsCode() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String key = keyFor(t.agencyId());

    HttpResponse<String> answer = send("POST", "/api/v1/workspaces/" + t.workspaceId() + "/test-calls", key, null);

    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(json(answer).getString("code")).isEqualTo("no_test_caller");
  }

  @Test
  void placingATestCallFromAPhoneTwilioHasNotVerifiedIsAConflictThatSaysWhatToDo() {
    Setup s = setup(TestTenant.in(db));

    HttpResponse<String> answer = send("POST", "/api/v1/workspaces/" + s.tenant().workspaceId() + "/test-calls",
        s.key(), null);

    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(json(answer).getString("code")).isEqualTo("test_caller_not_verified");
    assertThat(json(answer).getString("message")).contains("Verified Caller IDs")
        .contains("call " + s.tenant().number() + " from " + s.testCaller() + " yourself");
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ?", s.tenant().workspaceId())).isZero();
    // a refused call does not hold back the next try
    assertThat(json(send("POST", "/api/v1/workspaces/" + s.tenant().workspaceId() + "/test-calls", s.key(), null))
        .getString("code")).isEqualTo("test_caller_not_verified");
  }

  @Test
  void aSecondTestCallWhileTheFirstIsUnderWayIsRefusedAsInProgress() {
    Setup s = setup(TestTenant.in(db));
    gw.simulator().verifyCallerId(s.tenant().accountSid(), s.testCaller())
        .routeNumber(s.tenant().number(), gw.url("/twilio/voice/incoming"), gw.url("/twilio/voice/status"));
    String path = "/api/v1/workspaces/" + s.tenant().workspaceId() + "/test-calls";
    assertThat(send("POST", path, s.key(), null).statusCode()).isEqualTo(201);

    HttpResponse<String> again = send("POST", path, s.key(), null);

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).getString("code")).isEqualTo("test_call_in_progress");
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(s.testCaller()).size() == 1);
  }

  @Test
  void aPlacedTestCallToADirectModeNumberIsTextedBackOnceTheBusinessPhoneRangOut() {
    Setup s = setup(TestTenant.in(db).direct("+15550001111"));
    gw.simulator().verifyCallerId(s.tenant().accountSid(), s.testCaller())
        .routeNumber(s.tenant().number(), gw.url("/twilio/voice/incoming"), gw.url("/twilio/voice/status"));

    HttpResponse<String> placed = send("POST", "/api/v1/workspaces/" + s.tenant().workspaceId() + "/test-calls",
        s.key(), null);

    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(s.testCaller()).size() == 1);
    assertThat(db.queryString("SELECT routing_mode || '/' || call_status || '/' || reason || '/' || is_test FROM calls "
        + "WHERE workspace_id = ?", s.tenant().workspaceId())).isEqualTo("direct/no-answer/texted/true");
  }

  @Test
  void aPlacedTestCallRingsTheTrackedNumberFromTheTestPhoneGoesUnansweredAndIsTextedBackAsATest() {
    Setup s = setup(TestTenant.in(db).named("Placed Plumbing"));
    gw.simulator().verifyCallerId(s.tenant().accountSid(), s.testCaller())
        .routeNumber(s.tenant().number(), gw.url("/twilio/voice/incoming"), gw.url("/twilio/voice/status"));

    HttpResponse<String> placed = send("POST", "/api/v1/workspaces/" + s.tenant().workspaceId() + "/test-calls",
        s.key(), new JsonObject());

    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    assertThat(json(placed).getString("call_sid")).startsWith("CA");
    assertThat(json(placed).getString("from")).isEqualTo(s.testCaller());
    assertThat(json(placed).getString("to")).isEqualTo(s.tenant().number());
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(s.testCaller()).size() == 1);
    assertThat(gw.simulator().messagesTo(s.testCaller()).get(0).body()).startsWith("Placed Plumbing");
    assertThat(db.queryString("SELECT reason || '/' || is_test FROM calls WHERE workspace_id = ?",
        s.tenant().workspaceId())).isEqualTo("texted/true");
    await().atMost(WAIT).until(() -> testCallCheck(s).getBoolean("ok"));
    assertThat(usageRows(s.tenant().workspaceId())).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM audit_log WHERE action = 'test_call.place' AND target_id = ?",
        String.valueOf(s.tenant().workspaceId()))).isEqualTo(1);
  }

  @Test
  void theLeadsApiMarksTheTestCallersLeadAndItsCall() {
    Setup s = setup(TestTenant.in(db));
    missedCall(s.tenant(), s.testCaller());
    long leadId = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", s.tenant().workspaceId(),
        s.testCaller());

    JsonObject listed = json(send("GET", "/api/v1/leads?workspace_id=" + s.tenant().workspaceId(), s.key(), null))
        .getJsonArray("data").getJsonObject(0);
    JsonObject lead = json(send("GET", "/api/v1/leads/" + leadId, s.key(), null));

    assertThat(listed.getBoolean("is_test")).isTrue();
    assertThat(lead.getBoolean("is_test")).isTrue();
    assertThat(lead.getJsonArray("calls").getJsonObject(0).getBoolean("is_test")).isTrue();
  }

  @Test
  void anotherAgencyCannotSeeOrAddTheWorkspacesTestCallers() {
    Setup s = setup(TestTenant.in(db));
    TestTenant.Created other = gw.register(TestTenant.in(db).create());
    String otherKey = keyFor(other.agencyId());
    String path = "/api/v1/workspaces/" + s.tenant().workspaceId() + "/test-callers";

    HttpResponse<String> list = send("GET", path, otherKey, null);
    HttpResponse<String> add = send("POST", path, otherKey, new JsonObject().put("number", TestTenant.randomNumber()));

    assertThat(list.statusCode()).isEqualTo(404);
    assertThat(json(list).getString("code")).isEqualTo("workspace_not_found");
    assertThat(add.statusCode()).isEqualTo(404);
    assertThat(db.queryLong("SELECT count(*) FROM test_callers WHERE workspace_id = ?", s.tenant().workspaceId()))
        .isEqualTo(1);
  }
}

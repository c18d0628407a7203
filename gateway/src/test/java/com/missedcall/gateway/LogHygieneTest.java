package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.LogCapture;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A realistic stretch of traffic, end to end through the simulator, with every log line the process writes
 * captured: no phone number, no message text, no API key and no auth token may be in any of them.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHygieneTest {
  private static final Pattern E164 = Pattern.compile("\\+\\d{8,15}");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String INBOUND_TEXT = "Basement flooding near Juniper Lane, please hurry";

  private final List<String> secrets = new ArrayList<>();
  private TestDatabase db;
  private LogCapture logs;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    logs = LogCapture.open();
    gw = GatewayUnderTest.start(db, redis, Map.of(),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
    logs.close();
  }

  @Test
  void noPhoneNumberMessageTextApiKeyOrAuthTokenIsEverLogged() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Juniper Plumbing").create());
    secrets.add(t.authToken());
    String caller = TestTenant.randomNumber();
    String rejected = TestTenant.randomNumber();
    String apiKey = keyFor(t.agencyId());
    secrets.add(apiKey);

    // the team's alert number is one Twilio refuses, quoting it
    String alert = TestTenant.randomNumber();
    c.notifies(t, "alert", alert);
    gw.simulator().faults().rejectRecipient(alert, 400, 21614, "'To' number " + alert + " is not a mobile number");

    // missed call → text-back (Twilio fails the first try with a 500), then the caller's urgent reply
    gw.simulator().faults().failNext(1, com.missedcall.twiliosim.Fault.status(500, 20500,
        "Internal error while sending to " + caller));
    c.missedCall(t, caller);
    List<String> bodies = new ArrayList<>(c.bodiesTo(caller));
    bodies.add(c.textAndAwaitReply(t, caller, INBOUND_TEXT));
    bodies.add(INBOUND_TEXT);

    // Twilio refuses a text-back with the number in its message
    gw.simulator().faults().rejectRecipient(rejected, 400, 21211,
        "The 'To' number " + rejected + " is not a valid phone number.");
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), rejected).await();
    await().atMost(ConversationFixture.WAIT).until(() -> db.queryLong(
        "SELECT count(*) FROM messages WHERE workspace_id = ? AND send_status = 'failed'", t.workspaceId()) > 0);

    // the admin API: a read with the key, an account registered with its token, one with a wrong token, a bad key
    String sid = "AC" + "5a".repeat(16);
    String token = "log-hygiene-auth-token-0001";
    secrets.add(token);
    secrets.add("log-hygiene-wrong-token-0002");
    gw.simulator().addAccount(sid, token);
    assertThat(api("GET", "/api/v1/leads?q=" + URLEncoder.encode(caller, StandardCharsets.UTF_8), apiKey, null)
        .statusCode()).isEqualTo(200);
    assertThat(api("POST", "/api/v1/twilio-accounts", apiKey,
        new JsonObject().put("account_sid", sid).put("auth_token", token)).statusCode()).isEqualTo(201);
    assertThat(api("POST", "/api/v1/twilio-accounts", apiKey, new JsonObject()
        .put("account_sid", "AC" + "6b".repeat(16)).put("auth_token", "log-hygiene-wrong-token-0002")).statusCode())
        .isEqualTo(422);
    assertThat(api("POST", "/api/v1/numbers", apiKey, new JsonObject().put("workspace_id", t.workspaceId())
        .put("account_sid", t.accountSid()).put("phone_number", t.number()).put("routing_mode", "forwarding"))
        .statusCode()).isEqualTo(409);
    String badKey = apiKey.substring(0, apiKey.length() - 4) + "zzzz";
    secrets.add(badKey);
    assertThat(api("GET", "/api/v1/leads", badKey, null).statusCode()).isEqualTo(401);
    c.awaitSettled(t);
    await().atMost(ConversationFixture.WAIT).until(() -> db.queryLong(
        "SELECT count(*) FROM messages WHERE workspace_id = ? AND send_status = 'failed'", t.workspaceId()) >= 2);

    List<String> lines = logs.lines();
    assertThat(lines).isNotEmpty();
    assertThat(lines).noneMatch(line -> E164.matcher(line).find());
    assertThat(db.queryString("SELECT coalesce(string_agg(last_error, ' | '), '') FROM (SELECT last_error FROM jobs WHERE workspace_id = ? "
        + "UNION ALL SELECT last_error FROM messages WHERE workspace_id = ?) e",
        t.workspaceId(), t.workspaceId())).doesNotContainPattern(E164);
    for (String body : bodies) {
      assertThat(lines).noneMatch(line -> line.contains(body));
    }
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
  }

  @Test
  void twiliosErrorTextIsStoredWithThePhoneNumberInItMasked() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Juniper Roofing").create());
    String rejected = TestTenant.randomNumber();
    gw.simulator().faults().rejectRecipient(rejected, 400, 21211,
        "The 'To' number " + rejected + " is not a valid phone number.");

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), rejected).await();
    await().atMost(ConversationFixture.WAIT).until(() -> db.queryLong(
        "SELECT count(*) FROM messages WHERE workspace_id = ? AND send_status = 'failed'", t.workspaceId()) > 0);

    String lastError = db.queryString("SELECT last_error FROM messages WHERE workspace_id = ? AND send_status = 'failed'",
        t.workspaceId());
    assertThat(lastError).contains("is not a valid phone number").doesNotContain(rejected.substring(2, 10));
    assertThat(E164.matcher(lastError).find()).isFalse();
  }

  private String keyFor(long agencyId) {
    ApiKeys.NewKey k = ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        agencyId, "log hygiene", k.displayPrefix(), k.hash());
    return k.key();
  }

  private HttpResponse<String> api(String method, String path, String apiKey, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()))
        .header("Authorization", "Bearer " + apiKey);
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
}

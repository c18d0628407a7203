package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hot path's group commit and hand-off (issue #6): decisions share statements, a burst beyond the
 * decision queue is shed with 503 and nothing of a shed call is stored, duplicates inside one batch are
 * decided once, and a text-back handed over already claimed is still sent exactly once when the process
 * that claimed it dies before sending.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotPathBatchingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    // one lane that holds one waiting decision: a concurrent burst must overflow it
    gw = GatewayUnderTest.start(db, redis, Map.of("DECISION_LANES", "1", "DECISION_QUEUE_LIMIT", "1"));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).create());
  }

  private long textsTo(String caller) {
    return gw.simulator().messagesTo(caller).size();
  }

  @Test
  void aBurstBeyondTheDecisionQueueIsShedWith503AndEveryShedCallIsRecoveredByTwiliosRetry() {
    TestTenant.Created t = tenant();
    List<String> callSids = new ArrayList<>();
    List<String> callers = new ArrayList<>();
    List<Future<WebhookResponse>> responses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      callSids.add(TwilioPayloads.newCallSid());
      callers.add(TestTenant.randomNumber());
      responses.add(gw.forwardedCallEnded(t, callSids.get(i), callers.get(i)));
    }
    Future.join(responses).await();

    List<Integer> shed = new ArrayList<>();
    for (int i = 0; i < responses.size(); i++) {
      WebhookResponse r = responses.get(i).result();
      assertThat(r.statusCode()).as("call %d", i).isIn(204, 503);
      if (r.statusCode() == 503) {
        shed.add(i);
        String code = new JsonObject(r.body()).getString("code");
        assertThat(code).isIn("overloaded", "storage_unavailable");
        assertThat(r.headers().get("Retry-After")).isEqualTo("1");
        if (code.equals("overloaded")) {
          // refused before any statement ran: nothing of it is stored
          assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSids.get(i))).isZero();
        }
      }
    }
    assertThat(shed).as("calls shed by a queue of one").isNotEmpty();
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ?", t.workspaceId()))
        .as("every acknowledged call is stored")
        .isGreaterThanOrEqualTo(200 - shed.size());

    // Twilio retries what was refused, one at a time; each retry is decided and texted once
    for (int i : shed) {
      await().atMost(WAIT).until(() -> gw.forwardedCallEnded(t, callSids.get(i), callers.get(i)).await()
          .statusCode() == 204);
    }
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'",
        t.workspaceId())).isEqualTo(200);
    await().atMost(WAIT).until(() -> gw.simulator().messages().stream()
        .filter(m -> callers.contains(m.to())).count() == 200);
    for (String caller : callers) {
      assertThat(textsTo(caller)).as("texts to %s", caller).isEqualTo(1);
    }
  }

  @Test
  void oneCallDeliveredTenTimesAtOnceIsDecidedAndTextedOnce() {
    TestTenant.Created t = tenant();
    String callSid = TwilioPayloads.newCallSid();
    String caller = TestTenant.randomNumber();
    List<Future<WebhookResponse>> deliveries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      deliveries.add(gw.forwardedCallEnded(t, callSid, caller));
    }
    Future.join(deliveries).await();
    await().atMost(WAIT).until(() -> gw.forwardedCallEnded(t, callSid, caller).await().statusCode() == 204);

    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid)).isEqualTo(1);
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> textsTo(caller) == 1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).isEqualTo(1);
  }

  @Test
  void aClaimedTextBackWhoseProcessDiedBeforeSendingIsSentOnceByAnotherWorkerAfterItsLease() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();

    long job = decidedAndClaimedByADeadProcess(t, caller, "Sorry we missed your call");

    assertThat(textsTo(caller)).isZero();
    await().atMost(WAIT).until(() -> "done".equals(db.queryString("SELECT send_status FROM messages WHERE id = ?", job)));
    assertThat(textsTo(caller)).isEqualTo(1);
    gw.settled(db).textsTo(caller);
    assertThat(textsTo(caller)).isEqualTo(1);
  }

  @Test
  void aClaimedTextBackThatReachedTwilioBeforeItsProcessDiedIsFoundThereAndNotSentAgain() throws Exception {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String body = "Sorry we missed your call, what can we help with?";

    long job = decidedAndClaimedByADeadProcess(t, caller, body);
    // the dead process's send had reached Twilio before it died
    String sid = sendThroughTwilio(t, caller, body);

    await().atMost(WAIT).until(() -> "done".equals(db.queryString("SELECT send_status FROM messages WHERE id = ?", job)));
    assertThat(textsTo(caller)).isEqualTo(1);
    assertThat(db.queryString("SELECT message_sid FROM messages WHERE id = ?", job)).isEqualTo(sid);
  }

  /**
   * What a process leaves behind when it committed a decision with its text-back claimed (a one-second
   * lease) and died before sending: the product's own decision function, called as the gateway calls it.
   */
  private long decidedAndClaimedByADeadProcess(TestTenant.Created t, String caller, String body) {
    String sql = "SELECT job_id FROM recovery_decide(?, ?, ?, ?, ?, 'forwarding', 'completed', 'missed', now(), ?, 1, "
        + "jsonb_build_object('account_sid', ?::text, 'received_at_ms', 0), 1) WHERE claimed_until IS NOT NULL";
    return db.queryLong(sql, t.workspaceId(), t.accountSid(), TwilioPayloads.newCallSid(), caller, t.number(), body,
        t.accountSid());
  }

  private String sendThroughTwilio(TestTenant.Created t, String to, String body) throws Exception {
    String form = "From=" + URLEncoder.encode(t.number(), StandardCharsets.UTF_8)
        + "&To=" + URLEncoder.encode(to, StandardCharsets.UTF_8)
        + "&Body=" + URLEncoder.encode(body, StandardCharsets.UTF_8);
    String auth = Base64.getEncoder().encodeToString((t.accountSid() + ":" + t.authToken())
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(gw.simulator().baseUrl() + "/2010-04-01/Accounts/" + t.accountSid() + "/Messages.json"))
        .header("Authorization", "Basic " + auth)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
    return new JsonObject(response.body()).getString("sid");
  }
}

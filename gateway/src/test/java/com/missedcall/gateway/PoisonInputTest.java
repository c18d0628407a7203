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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Poison input (issue 11 item 1): a correctly signed webhook whose field holds a NUL never fails anyone
 * else. Before the fix it was answered 503 storage_unavailable forever (PostgreSQL 22021) and, sharing
 * its workspace lane's statement, failed the valid webhooks decided with it.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonInputTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String STATUS = "/twilio/voice/status";
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    // one lane: every decision of the test shares statements with the poisoned ones
    gw = GatewayUnderTest.start(db, redis, Map.of("DECISION_LANES", "1", "DECISION_QUEUE_LIMIT", "512"));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).create());
  }

  private static String codeOf(WebhookResponse response) {
    return new JsonObject(response.body()).getString("code");
  }

  @ParameterizedTest
  @ValueSource(strings = {"From", "CallSid", "To", "CallStatus"})
  void aSignedMissedCallWithANulInAFieldTwilioWritesIsRefusedWith400AndWritesNothing(String field) {
    TestTenant.Created t = tenant();
    Map<String, String> params = TwilioPayloads.callStatus(t.accountSid(), TwilioPayloads.newCallSid(),
        TestTenant.randomNumber(), t.number(), "completed", 3);
    params.put(field, params.get(field) + "\u0000x");

    WebhookResponse response = gw.post(STATUS, params, t.authToken()).await();

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(codeOf(response)).isEqualTo("control_character");
    assertThat(response.body()).doesNotContain("\\u0000").doesNotContain("22021");
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ?", t.workspaceId())).isZero();
  }

  @Test
  void poisonedWebhooksSentAmongValidOnesInTheSameLaneFailAloneAndEveryValidCallIsTextedOnce() {
    TestTenant.Created t = tenant();
    List<String> callers = new ArrayList<>();
    List<Future<WebhookResponse>> valid = new ArrayList<>();
    List<Future<WebhookResponse>> poisoned = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String caller = TestTenant.randomNumber();
      if (i % 6 == 3) {
        Map<String, String> params = TwilioPayloads.callStatus(t.accountSid(), TwilioPayloads.newCallSid(),
            i % 12 == 3 ? caller + "\u0000" : caller, t.number(), "completed", 3);
        if (i % 12 == 9) {
          params.put("CallSid", params.get("CallSid") + "\u0000");
        }
        poisoned.add(gw.post(STATUS, params, t.authToken()));
      } else {
        callers.add(caller);
        valid.add(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller));
      }
    }
    Future.join(new ArrayList<Future<?>>(valid)).otherwiseEmpty().await();
    Future.join(new ArrayList<Future<?>>(poisoned)).otherwiseEmpty().await();

    for (int i = 0; i < valid.size(); i++) {
      assertThat(valid.get(i).result().statusCode()).as("valid call %d: %s", i, valid.get(i).result().body())
          .isEqualTo(204);
    }
    for (Future<WebhookResponse> p : poisoned) {
      assertThat(p.result().statusCode()).as(p.result().body()).isEqualTo(400);
    }
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'",
        t.workspaceId())).isEqualTo(callers.size());
    await().atMost(WAIT).until(() -> db.queryLong(
        "SELECT count(*) FROM messages WHERE workspace_id = ? AND send_status = 'done'", t.workspaceId()) == callers.size());
    // every job is terminal; exactly one text each, and still so past the 2 s lease
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(callers).allSatisfy(caller -> assertThat(gw.simulator().messagesTo(caller)).hasSize(1));
  }

  @Test
  void aNulInAnInboundSmsBodyIsStrippedAndTheTextIsStored() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    Map<String, String> params = TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(), caller,
        t.number(), "before\u0000after");

    WebhookResponse response = gw.post("/twilio/sms/inbound", params, t.authToken()).await();

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(db.queryString("SELECT body FROM messages WHERE direction = 'inbound' AND from_number = ?", caller))
        .isEqualTo("beforeafter");
  }
}

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
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sender's backlog pushes back on ingress: while the texts already owed are in flight (here: one,
 * held by a slow Twilio), a new missed call is refused with 503 and nothing of it is stored; Twilio's
 * retry after the backlog drained is decided and texted once.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SenderBackpressureTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /**
   * How long the slow Twilio holds the first text: the window in which the second call must be refused. It was
   * 1 s, and on a loaded CI machine the second webhook sometimes came after the first text had been answered
   * (then it was accepted: a 204 where 503 was expected).
   */
  private static final Duration HELD = Duration.ofSeconds(6);
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    // the first text is held by Twilio for HELD; Twilio's timeout and the job lease outlast it, so the held send is
    // neither abandoned nor taken over while the test looks at the backlog it causes
    gw = GatewayUnderTest.start(db, redis, Map.of("TEXTBACK_BACKLOG_LIMIT", "1",
        "TWILIO_TIMEOUT_MS", String.valueOf(HELD.toMillis() * 2), "JOB_LEASE_SECONDS", String.valueOf(HELD.toSeconds() * 3)));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private String scrape() {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(gw.url("/metrics"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aMissedCallArrivingWhileTheSenderIsBackedUpIsRefusedAndItsRetryIsTextedOnce() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String first = TestTenant.randomNumber();
    String second = TestTenant.randomNumber();
    String secondSid = TwilioPayloads.newCallSid();
    gw.simulator().faults().latency(HELD);

    assertThat(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), first).await().statusCode()).isEqualTo(204);
    await().atMost(WAIT).until(() -> gw.simulator().requestCount() > 0); // the first text is on its way, slowly
    WebhookResponse refused = gw.forwardedCallEnded(t, secondSid, second).await();

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("overloaded");
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", secondSid)).isZero();
    String metrics = scrape();
    assertThat(metrics).contains("recovery_webhook_duration_seconds_count{outcome=\"shed\",route=\"status\"} 1")
        .contains("recovery_textbacks_in_flight 1.0");

    gw.simulator().faults().clear();
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(first).size() == 1);
    await().atMost(WAIT).until(() -> gw.forwardedCallEnded(t, secondSid, second).await().statusCode() == 204);
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(second).size() == 1);
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(gw.simulator().messagesTo(first)).hasSize(1);
    assertThat(gw.simulator().messagesTo(second)).hasSize(1);
  }
}

package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.recovery.ai.SkipReason;
import com.missedcall.twiliosim.Fault;
import com.missedcall.twiliosim.SentMessage;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;
  private WebClient client;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
    c = new ConversationFixture(gw, db);
    client = WebClient.create(gw.clientVertx());
  }

  @AfterAll
  void stop() {
    client.close();
    gw.close();
  }

  private HttpResponse<Buffer> get(String path) {
    return client.getAbs(gw.url(path)).send().await();
  }

  private String scrape() {
    return get("/metrics").bodyAsString();
  }

  /** The value of one series in a scrape, or -1 when the series is absent. */
  private static double value(String scrape, String series) {
    return scrape.lines().filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst().orElse(-1);
  }

  @Test
  void aMissedCallShowsUpAsDecisionCountersAndTheTextBackLatencyHistogram() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    await().atMost(Duration.ofSeconds(15)).until(() -> gw.simulator().messagesTo(caller).size() == 1);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(scrape())
        .contains("recovery_decisions_total{reason=\"texted\"}")
        .contains("recovery_textback_latency_seconds_bucket{le=\"0.1\"}")
        .satisfies(metrics -> assertThat(value(metrics, "recovery_textback_latency_seconds_count")).isPositive())
        .contains("recovery_webhook_duration_seconds_count{outcome=\"ok\",route=\"status\"}")
        .contains("recovery_sms_send_attempts_total{error_code=\"none\",result=\"accepted\"}")
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_server_requests_total"));
  }

  @Test
  void aConversationCountsAiRepliesBySourceAndSkipsByReasonAndSmsSendsApartFromDeliveries() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    c.textAndAwaitReply(t, caller, "My kitchen sink is leaking");
    c.profile(t, "ai_enabled = false");
    c.text(t, caller, "Are you there?");
    c.awaitEvent(c.conversation(t, caller), "ai_skipped", "ai_disabled_for_workspace");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      String metrics = scrape();
      assertThat(value(metrics, "recovery_ai_replies_total{source=\"intake_script\"}")).isEqualTo(1);
      assertThat(value(metrics, "recovery_ai_replies_total{source=\"model\"}")).isZero();
      assertThat(value(metrics, "recovery_ai_replies_total{source=\"fallback\"}")).isZero();
      assertThat(value(metrics, "recovery_ai_skips_total{reason=\"ai_disabled_for_workspace\"}")).isEqualTo(1);
      for (SkipReason reason : SkipReason.values()) {
        assertThat(value(metrics, "recovery_ai_skips_total{reason=\"" + reason.code() + "\"}")).as(reason.code())
            .isGreaterThanOrEqualTo(0);
      }
      assertThat(value(metrics, "recovery_sms_send_attempts_total{error_code=\"none\",result=\"accepted\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(value(metrics, "recovery_sms_delivery_status_total{error_code=\"none\",status=\"sent\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(value(metrics, "recovery_sms_delivery_status_total{error_code=\"none\",status=\"delivered\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(value(metrics, "recovery_postgres_errors_total{component=\"sms_sender\"}")).isZero();
      assertThat(value(metrics, "recovery_postgres_errors_total{component=\"jobs\"}")).isZero();
      assertThat(metrics).doesNotContain("recovery_sms_total")
          .doesNotContain(caller).doesNotContain(caller.substring(1)).doesNotContain(t.number().substring(1));
    });
  }

  @Test
  void twilioErrorsAreCountedWithTheirCodeOnSendsAndOnDeliveryCallbacks() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String throttledCaller = TestTenant.randomNumber();
    String invalidCaller = TestTenant.randomNumber();
    gw.simulator().faults().failNext(1, Fault.status(429, 20429));
    c.missedCall(t, throttledCaller);
    gw.simulator().faults().rejectRecipient(invalidCaller, 400, 21211, "The 'To' number is not a valid phone number.");
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), invalidCaller).await();
    // the carrier has confirmed only "sent" so far; then it reports the text undelivered
    SentMessage textBack = c.textsTo(throttledCaller).get(0);
    await().atMost(ConversationFixture.WAIT).until(() -> "delivered".equals(
        db.queryString("SELECT status FROM messages WHERE message_sid = ?", textBack.sid())));
    db.execute("UPDATE messages SET status = 'sent' WHERE message_sid = '" + textBack.sid() + "'");
    WebhookResponse callback = gw.post("/twilio/messages/status", TwilioPayloads.messageStatus(t.accountSid(),
        textBack.sid(), t.number(), throttledCaller, "undelivered", 30003), t.authToken()).await();

    assertThat(callback.statusCode()).isEqualTo(204);
    await().atMost(ConversationFixture.WAIT).untilAsserted(() -> {
      String metrics = scrape();
      assertThat(value(metrics, "recovery_sms_send_attempts_total{error_code=\"20429\",result=\"throttled\"}"))
          .isEqualTo(1);
      assertThat(value(metrics, "recovery_sms_send_attempts_total{error_code=\"21211\",result=\"rejected\"}"))
          .isEqualTo(1);
      assertThat(value(metrics, "recovery_sms_delivery_status_total{error_code=\"30003\",status=\"undelivered\"}"))
          .isEqualTo(1);
    });
  }

  @Test
  void connectionPoolsAreNamedSoTheirWaitsKeepOneSeriesAcrossRestarts() {
    assertThat(scrape())
        .contains("vertx_pool_queue_time_seconds_count{pool_name=\"postgres\",pool_type=\"sql\"}")
        .contains("vertx_pool_queue_pending{pool_name=\"redis\",pool_type=\"redis\"}")
        .contains("vertx_sql_resets_total")
        .contains("vertx_redis_resets_total");
  }

  @Test
  void readinessReportsEachDependency() {
    HttpResponse<Buffer> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("postgres")).isEqualTo("up");
    assertThat(ready.bodyAsJsonObject().getString("redis")).isEqualTo("up");
    assertThat(ready.bodyAsJsonObject().getString("migrations")).isEqualTo("applied");
  }

  @Test
  void livenessAnswersWithoutAskingTheDependencies() {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownPathAnswersAJsonNotFound() {
    HttpResponse<Buffer> missing = get("/nope");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
  }
}

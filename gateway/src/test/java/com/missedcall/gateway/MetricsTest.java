package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
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
  private WebClient client;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
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

  @Test
  void aMissedCallShowsUpAsDecisionCountersAndTheTextBackLatencyHistogram() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    await().atMost(Duration.ofSeconds(15)).until(() -> gw.simulator().messagesTo(caller).size() == 1);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/metrics").bodyAsString())
        .contains("recovery_decisions_total{reason=\"texted\"}")
        .contains("recovery_textback_latency_seconds_bucket{le=\"0.1\"}")
        .contains("recovery_textback_latency_seconds_count 1")
        .contains("recovery_webhook_duration_seconds_count{outcome=\"ok\",route=\"status\"}")
        .contains("recovery_sms_total{error_code=\"none\",status=\"accepted\"}")
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_server_requests_total"));
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

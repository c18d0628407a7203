package com.missedcall.gateway.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TcpProxy;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard and the alerts query metric names scraped from a real gateway (real PostgreSQL and
 * Redis, the Twilio simulator), after it has handled a missed call, texted the caller back, received
 * the delivery callbacks and lost Redis once: by then every meter it registers lazily exists.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportedMetricsTest {
  /** Series Prometheus itself (up) and kube-state-metrics (kube_pod_status_ready) provide, not the gateway. */
  private static final Set<String> PROVIDED_BY_THE_MONITORING_STACK = Set.of("up", "kube_pod_status_ready");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private TcpProxy redisProxy;
  private GatewayUnderTest gw;
  private Set<String> exported;

  @BeforeAll
  void runAGatewayThroughAMissedCallAndARedisOutage(TestDatabase db, TestRedis redis) throws Exception {
    redisProxy = TcpProxy.start(redis.host(), redis.port());
    gw = GatewayUnderTest.start(db.url(), "redis://127.0.0.1:" + redisProxy.port(), redis.keyPrefix(), Map.of());
    TestTenant.Created tenant = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    gw.forwardedCallEnded(tenant, TwilioPayloads.newCallSid(), caller).await();
    await().atMost(WAIT).until(() -> scrape().contains(
        "recovery_sms_delivery_status_total{error_code=\"none\",status=\"delivered\"}"));

    redisProxy.cut();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
      gw.forwardedCallEnded(tenant, TwilioPayloads.newCallSid(), TestTenant.randomNumber()).await();
      return scrape().contains("recovery_redis_errors_total{");
    });
    // jvm_gc_pause_seconds exists once a collection has happened and its notification has reached Micrometer
    // (asynchronously): collect until it is there
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      System.gc();
      return scrape().contains("jvm_gc_pause_seconds_sum");
    });
    exported = metricNames(scrape());
  }

  @AfterAll
  void stop() {
    if (gw != null) {
      gw.close();
    }
    if (redisProxy != null) {
      redisProxy.close();
    }
  }

  @Test
  void theDashboardQueriesOnlyMetricsTheGatewayExports() {
    Set<String> queried = Dashboards.metricNames(Dashboards.queries(Dashboards.dashboard()));

    assertThat(queried).isNotEmpty();
    assertThat(exported).as("metrics scraped from /metrics").containsAll(queried);
  }

  @Test
  void theAlertsQueryOnlyMetricsTheGatewayExportsOrTheMonitoringStackProvides() {
    Set<String> queried = new TreeSet<>(Dashboards.metricNames(Dashboards.alertExpressions()));
    queried.removeAll(PROVIDED_BY_THE_MONITORING_STACK);

    assertThat(queried).isNotEmpty();
    assertThat(exported).as("metrics scraped from /metrics").containsAll(queried);
  }

  @Test
  void everyRecoveryMetricTheGatewayExportsIsOnTheDashboard() {
    Set<String> queried = Dashboards.metricNames(Dashboards.queries(Dashboards.dashboard())).stream()
        .map(ExportedMetricsTest::family).collect(Collectors.toSet());
    Set<String> recovery = exported.stream().filter(n -> n.startsWith("recovery_"))
        .map(ExportedMetricsTest::family).collect(Collectors.toCollection(TreeSet::new));

    assertThat(recovery).hasSizeGreaterThanOrEqualTo(8);
    assertThat(queried).containsAll(recovery);
  }

  /** A histogram's series (_bucket, _count, _sum, _max) belong to one family. */
  private static String family(String name) {
    return name.replaceFirst("_(bucket|count|sum|max)$", "");
  }

  private String scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(gw.url("/metrics"))).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static Set<String> metricNames(String exposition) {
    return exposition.lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }
}

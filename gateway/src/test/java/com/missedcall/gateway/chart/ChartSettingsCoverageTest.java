package com.missedcall.gateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.gateway.chart.Rendered.Manifest;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A setting the gateway reads but the chart cannot set is a setting nobody can change in production. The
 * "every-setting" scenario gives every chart value that maps to a gateway setting; its pods must receive every
 * variable GatewayConfig reads, except the development-only ones named here with the reason.
 */
class ChartSettingsCoverageTest {
  /** Read by the gateway, deliberately not settable through the chart. */
  private static final Map<String, String> NOT_IN_CHART = Map.ofEntries(
      Map.entry("HTTP_HOST", "pods always listen on every interface"),
      Map.entry("DATA_DIR", "only the embedded servers keep data on disk, and the chart sets EMBEDDED=off"),
      Map.entry("DEMO_SEED", "demo data is for the embedded default, not a deployment"),
      Map.entry("SIMULATOR_PORT", "the Twilio simulator runs only with the embedded default"),
      Map.entry("DEMO_SIMULATOR_URL", "points the dashboard's demo at a simulator a deployment does not run"),
      Map.entry("LOAD_TEST_SEED_WORKSPACES", "seeds bench tenants: load-tests/bench.sh sets it"),
      Map.entry("LOAD_TEST_ACCOUNT_SID", "bench tenants' account: load-tests/bench.sh sets it"),
      Map.entry("LOAD_TEST_AUTH_TOKEN", "bench tenants' token: load-tests/bench.sh sets it"),
      Map.entry("LOAD_TEST_WINDOW_SECONDS", "bench tenants' dedup window: load-tests/bench.sh sets it"),
      Map.entry("LOAD_TEST_API_KEY", "bench admin key: load-tests/bench.sh sets it"));

  @Test
  void everySettingTheGatewayReadsReachesThePodsWhenItsValueIsGiven() {
    Rendered rendered = HelmChart.scenario("every-setting");
    Set<String> expected = new TreeSet<>(GatewaySettings.namesRead());
    expected.removeAll(NOT_IN_CHART.keySet());

    assertThat(rendered.deployments()).isNotEmpty();
    for (Manifest d : rendered.deployments()) {
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(rendered.environment(d, ChartScenariosTest.EXISTING_SECRET_VALUES).keySet());
      assertThat(missing).as(d + ": settings the chart cannot give (add a value, or name them in NOT_IN_CHART)")
          .isEmpty();
    }
  }

  @Test
  void theSettingsLeftOutOfTheChartAreStillOnesTheGatewayReads() {
    assertThat(GatewaySettings.namesRead()).containsAll(NOT_IN_CHART.keySet());
  }

  @Test
  void smtpAndOperatorCredentialsComeFromASecretNeverTheConfigMap() {
    Rendered rendered = HelmChart.scenario("every-setting");

    for (Manifest cm : rendered.ofKind("ConfigMap")) {
      assertThat(cm.body().path("data").has("SMTP_URL")).as(cm + " SMTP_URL").isFalse();
      assertThat(cm.body().path("data").has("OPERATOR_API_KEY")).as(cm + " OPERATOR_API_KEY").isFalse();
    }
    for (Manifest d : rendered.deployments()) {
      Map<String, String> env = rendered.environment(d, ChartScenariosTest.EXISTING_SECRET_VALUES);
      assertThat(env.get("SMTP_URL")).isEqualTo("smtp://mailer:change-me@mail.example.com:587?starttls=required");
      assertThat(env.get("OPERATOR_API_KEY")).isEqualTo("mcr_op_0123456789abcdefghijABCDEFGHIJ01");
    }
  }
}

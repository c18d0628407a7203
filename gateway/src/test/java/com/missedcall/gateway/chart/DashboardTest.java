package com.missedcall.gateway.chart;

import static com.missedcall.gateway.chart.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.missedcall.gateway.chart.Rendered.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard: how it is shipped and how it is built. */
class DashboardTest {
  private final JsonNode dashboard = Dashboards.dashboard();

  @Test
  void theDashboardShipsInAConfigMapLabelledForTheGrafanaSidecar() throws Exception {
    Manifest cm = HelmChart.scenario("monitoring").get("ConfigMap", FULLNAME + "-dashboards");

    assertThat(cm.labels()).containsEntry("grafana_dashboard", "1");
    assertThat(new ObjectMapper().readTree(cm.at("/data/missed-call-gateway.json").asText())).isEqualTo(dashboard);
  }

  @Test
  void noDashboardIsShippedUnlessAsked() {
    assertThat(HelmChart.scenario("default").find("ConfigMap", FULLNAME + "-dashboards")).isEmpty();
  }

  @Test
  void theDashboardHasAStableUidAndEveryPanelQueriesTheDatasourceVariable() {
    assertThat(dashboard.path("uid").asText()).isEqualTo("missed-call-gateway");
    assertThat(dashboard.at("/templating/list")).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("datasource");
      assertThat(v.path("type").asText()).isEqualTo("datasource");
      assertThat(v.path("query").asText()).isEqualTo("prometheus");
    });
    for (JsonNode panel : Dashboards.panels(dashboard)) {
      if (!"row".equals(panel.path("type").asText())) {
        assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
        assertThat(panel.path("targets")).allSatisfy(t ->
            assertThat(t.at("/datasource/uid").asText()).isEqualTo("${datasource}"));
      }
    }
  }

  @Test
  void everyRateOnTheDashboardUsesTheRateIntervalVariable() {
    List<String> rates = Dashboards.queries(dashboard).stream()
        .filter(q -> q.contains("rate(") || q.contains("increase(")).toList();

    assertThat(rates).isNotEmpty().allSatisfy(q -> assertThat(q).contains("[$__rate_interval]")
        .doesNotContainPattern("\\[\\d+[smh]]"));
  }

  @Test
  void thePanelsAreTimeseriesWithUniqueIdsAndTitles() {
    List<JsonNode> panels = Dashboards.panels(dashboard).stream()
        .filter(p -> !"row".equals(p.path("type").asText())).toList();

    assertThat(panels).hasSizeGreaterThan(15).allSatisfy(p -> {
      assertThat(p.path("type").asText()).isEqualTo("timeseries");
      assertThat(p.path("targets")).isNotEmpty();
    });
    assertThat(Dashboards.panels(dashboard)).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
    assertThat(panels).extracting(p -> p.path("title").asText()).doesNotHaveDuplicates();
  }

  @Test
  void theTextbackSloIsChartedAgainstItsFiveSecondBucket() {
    assertThat(Dashboards.queries(dashboard)).anySatisfy(q -> assertThat(q)
        .contains("histogram_quantile(0.99").contains("recovery_textback_latency_seconds_bucket"));
    assertThat(Dashboards.queries(dashboard)).anySatisfy(q -> assertThat(q)
        .contains("recovery_textback_latency_seconds_bucket{").contains("le=\"5.0\"")
        .contains("recovery_textback_latency_seconds_count"));
  }

  @Test
  void promQlMetricNamesAreFoundWithoutFunctionsLabelsOrVariables() {
    assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, route) (rate(recovery_webhook_duration_seconds_bucket"
        + "{namespace=\"$namespace\",outcome=~\"a|b\"}[$__rate_interval]))) > 0.5 and on() up == 0"))
        .containsExactlyInAnyOrder("recovery_webhook_duration_seconds_bucket", "up");
    assertThat(PromQl.metricNames("label_values(recovery_outbox_backlog_jobs{namespace=\"$namespace\"}, job)"))
        .containsExactly("recovery_outbox_backlog_jobs");
    assertThat(PromQl.metricNames("deriv(max(x_seconds{a=\"b\"})[10m:1m]) > 0 unless absent(y_total offset 5m)"))
        .containsExactlyInAnyOrder("x_seconds", "y_total");
  }
}

package com.missedcall.gateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The Grafana dashboard and the alert rules the chart ships, as PromQL to check. */
final class Dashboards {
  static final Path FILE = HelmChart.DIR.resolve("files/dashboards/missed-call-gateway.json");

  private Dashboards() {}

  static JsonNode dashboard() {
    try {
      return new ObjectMapper().readTree(FILE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel, including those nested in collapsed rows. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      panels.add(p);
      p.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** Panel target expressions and query-variable queries. */
  static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if ("query".equals(variable.path("type").asText())) {
        JsonNode query = variable.path("query");
        queries.add(query.isObject() ? query.path("query").asText() : query.asText());
      }
    }
    return queries;
  }

  /** The expressions of the PrometheusRule rendered with monitoring on. */
  static List<String> alertExpressions() {
    Rendered.Manifest rule = HelmChart.scenario("monitoring").get("PrometheusRule", HelmChart.FULLNAME);
    return rule.at("/spec/groups/0/rules").findValuesAsText("expr");
  }

  static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    expressions.forEach(e -> names.addAll(PromQl.metricNames(e)));
    return names;
  }
}

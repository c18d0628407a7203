package com.missedcall.gateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The chart under helm/missed-call-gateway, rendered and linted in-process by helm-java (Helm 3 as a
 * native library, no helm binary). Renders of the ci scenarios are cached: they are pure functions.
 */
final class HelmChart {
  static final Path DIR = locate();
  static final String RELEASE = "calls";
  static final String NAMESPACE = "recovery";
  static final String FULLNAME = "calls-missed-call-gateway";
  /** helm-java defaults to Kubernetes 1.20, below the chart's kubeVersion; CI tools pass --kube-version too. */
  static final String KUBE_VERSION = "1.31.0";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, Rendered> SCENARIOS = new ConcurrentHashMap<>();

  private HelmChart() {}

  /** The ci/*-values.yaml scenario names, e.g. "split-hpa". */
  static List<String> scenarios() {
    try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-values.yaml"))
          .map(n -> n.substring(0, n.length() - "-values.yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path scenarioFile(String scenario) {
    return DIR.resolve("ci").resolve(scenario + "-values.yaml");
  }

  static Rendered scenario(String scenario) {
    return SCENARIOS.computeIfAbsent(scenario, s -> render(s, Map.of()));
  }

  /** Renders a ci scenario (or only the chart defaults when scenario is null) with --set overrides. */
  static Rendered render(String scenario, Map<String, Object> sets) {
    return Rendered.parse(template(scenario, sets, KUBE_VERSION));
  }

  static String template(String scenario, Map<String, Object> sets, String kubeVersion) {
    TemplateCommand command = new Helm(DIR).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(kubeVersion);
    if (scenario != null) {
      command = command.withValuesFile(scenarioFile(scenario));
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  /**
   * helm-java's lint takes no values file, so a scenario is linted as a copy of the chart whose
   * values.yaml is the scenario merged over the defaults, the way Helm coalesces them.
   */
  static LintResult lint(String scenario) {
    if (scenario == null) {
      return new Helm(DIR).lint().strict().call();
    }
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("chart-lint-");
      Path copy = tmp.resolve(DIR.getFileName().toString());
      copyTree(DIR, copy);
      JsonNode merged = merge(YAML.readTree(DIR.resolve("values.yaml").toFile()),
          YAML.readTree(scenarioFile(scenario).toFile()));
      YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(tmp);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode target) || override == null || !override.isObject()) {
      return override == null ? base : override;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      target.set(field.getKey(), merge(target.get(field.getKey()), field.getValue()));
    }
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static Path locate() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path chart = dir.resolve("helm").resolve("missed-call-gateway");
      if (Files.exists(chart.resolve("Chart.yaml"))) {
        return chart;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("helm/missed-call-gateway/Chart.yaml not found above " + Path.of("").toAbsolutePath());
  }
}

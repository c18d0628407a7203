package com.missedcall.gateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `helm lint --strict`: warnings fail too. */
class ChartLintTest {
  static List<String> scenarios() {
    return HelmChart.scenarios();
  }

  @Test
  void theChartLintsStrictlyWithItsDefaultValues() {
    assertClean(HelmChart.lint(null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theChartLintsStrictlyWithEachCiScenario(String scenario) {
    assertClean(HelmChart.lint(scenario));
  }

  private static void assertClean(LintResult result) {
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}

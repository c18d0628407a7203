package com.missedcall.gateway.chart;

import static com.missedcall.gateway.chart.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks the scenario tests rely on do catch what they are meant to catch. */
class ChartCheckersTest {
  @Test
  void theSchemaCheckRejectsAFieldKubernetesDoesNotKnow() {
    Rendered rendered = HelmChart.render("default", Map.of("podSecurityContext.runAsNonRot", "true"));

    assertThatThrownBy(() -> KubernetesModels.validate(rendered.get("Deployment", FULLNAME + "-workers")))
        .hasMessageContaining("runAsNonRot");
  }

  @Test
  void aVariableTheGatewayDoesNotReadIsNotAmongTheNamesItReads() {
    Rendered rendered = HelmChart.render("default", Map.of("roles.workers.env.DATABASE_POOL", "8"));

    assertThat(rendered.environment(rendered.get("Deployment", FULLNAME + "-workers"), Map.of()))
        .containsKey("DATABASE_POOL");
    assertThat(GatewaySettings.namesRead()).doesNotContain("DATABASE_POOL");
  }

  @Test
  void theSettingsAreReadFromGatewayConfigSource() {
    assertThat(GatewaySettings.namesRead()).contains("ROLE", "EMBEDDED", "PUBLIC_BASE_URL", "REDIS_MODE",
        "NUMBER_CACHE_TTL_SECONDS", "LOG_LEVEL");
    assertThat(GatewaySettings.requiredWithEmbeddedOff()).contains("DATABASE_URL", "REDIS_URL",
        "PUBLIC_BASE_URL");
    assertThat(GatewaySettings.requiredOnlyByIngress("PUBLIC_BASE_URL")).isTrue();
    assertThat(GatewaySettings.requiredOnlyByIngress("DATABASE_URL")).isFalse();
  }
}

package com.missedcall.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AiConfigTest {

  @Test
  void withoutAModelEndpointTheIntakeScriptAnswersAndTheAiIsOn() {
    GatewayConfig.Ai ai = GatewayConfig.load(Map.of()).ai();

    assertThat(ai.enabled()).isTrue();
    assertThat(ai.baseUrl()).isNull();
    assertThat(ai.model()).isEqualTo("gpt-4o-mini");
    assertThat(ai.timeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(ai.maxRetries()).isEqualTo(1);
  }

  @Test
  void theModelEndpointIsConfiguredByItsVariables() {
    GatewayConfig.Ai ai = GatewayConfig.load(Map.of("AI_BASE_URL", "https://api.openai.com/v1", "AI_MODEL", "gpt-4.1",
        "AI_API_KEY", "sk-secret", "AI_TIMEOUT_MS", "2500", "AI_MAX_RETRIES", "3", "AI_ENABLED", "false")).ai();

    assertThat(ai.baseUrl()).hasToString("https://api.openai.com/v1");
    assertThat(ai.model()).isEqualTo("gpt-4.1");
    assertThat(ai.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(ai.maxRetries()).isEqualTo(3);
    assertThat(ai.enabled()).isFalse();
  }

  @Test
  void theApiKeyIsNeverPrinted() {
    GatewayConfig config = GatewayConfig.load(Map.of("AI_API_KEY", "sk-secret"));

    assertThat(config.ai().toString()).doesNotContain("sk-secret");
    assertThat(config.toString()).doesNotContain("sk-secret");
  }

  @Test
  void badAiValuesAreReportedWithTheirNames() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("AI_BASE_URL", "ftp://model", "AI_TIMEOUT_MS", "5",
        "AI_MAX_RETRIES", "9", "AI_ENABLED", "maybe")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(4)
            .anySatisfy(p -> assertThat(p).startsWith("AI_BASE_URL=").contains("http"))
            .anySatisfy(p -> assertThat(p).startsWith("AI_TIMEOUT_MS="))
            .anySatisfy(p -> assertThat(p).startsWith("AI_MAX_RETRIES=").contains("0 to 5"))
            .anySatisfy(p -> assertThat(p).startsWith("AI_ENABLED=")));
  }
}

package com.missedcall.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API's settings in the gateway's one configuration. */
class AdminConfigTest {

  @Test
  void theAdminApiHasSafeDefaults() {
    GatewayConfig.Admin admin = GatewayConfig.load(Map.of()).admin();

    assertThat(admin.rateLimitPerMinute()).isEqualTo(600);
    assertThat(admin.webhookTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(admin.webhookMaxAttempts()).isEqualTo(10);
    assertThat(admin.demoSimulatorUrl()).isNull();
  }

  @Test
  void theAdminSettingsAreReadFromTheEnvironment() {
    GatewayConfig.Admin admin = GatewayConfig.load(Map.of("ADMIN_RATE_LIMIT_PER_MINUTE", "60", "WEBHOOK_TIMEOUT_MS", "2500",
        "WEBHOOK_MAX_ATTEMPTS", "4", "DEMO_SIMULATOR_URL", "http://127.0.0.1:4010")).admin();

    assertThat(admin.rateLimitPerMinute()).isEqualTo(60);
    assertThat(admin.webhookTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(admin.webhookMaxAttempts()).isEqualTo(4);
    assertThat(admin.demoSimulatorUrl()).hasToString("http://127.0.0.1:4010");
  }

  @Test
  void everyBadAdminSettingIsReportedAtOnceByName() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("ADMIN_RATE_LIMIT_PER_MINUTE", "0", "WEBHOOK_TIMEOUT_MS", "soon",
        "WEBHOOK_MAX_ATTEMPTS", "500", "DEMO_SIMULATOR_URL", "localhost:4010")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ADMIN_RATE_LIMIT_PER_MINUTE")
        .hasMessageContaining("WEBHOOK_TIMEOUT_MS")
        .hasMessageContaining("WEBHOOK_MAX_ATTEMPTS")
        .hasMessageContaining("DEMO_SIMULATOR_URL");
  }
}

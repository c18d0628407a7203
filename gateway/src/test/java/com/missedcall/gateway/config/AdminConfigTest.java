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

  @Test
  void theOperatorsFirstKeyComesFromOperatorApiKeyAndIsNeverPrinted() {
    String key = "mcr_op_" + "Zz".repeat(16);

    GatewayConfig.Admin admin = GatewayConfig.load(Map.of("OPERATOR_API_KEY", key)).admin();

    assertThat(admin.operatorApiKey()).isEqualTo(key);
    assertThat(admin.toString()).doesNotContain(key);
    assertThat(GatewayConfig.load(Map.of()).admin().operatorApiKey()).isNull();
  }

  @Test
  void anOperatorApiKeyOfTheWrongShapeIsRefused() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("OPERATOR_API_KEY", "mcr_live_" + "a".repeat(32))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OPERATOR_API_KEY");
  }

  @Test
  void outboundWebhooksReachOnlyPublicAddressesUnlessNetworksAreAllowed() {
    assertThat(GatewayConfig.load(Map.of()).admin().webhookAllowedNetworks().networks()).isEmpty();

    GatewayConfig.Admin admin = GatewayConfig.load(Map.of("WEBHOOK_ALLOWED_NETWORKS", " 10.20.0.0/16, fd00:1::/64 ,192.168.1.20"))
        .admin();

    assertThat(admin.webhookAllowedNetworks().networks()).extracting(Object::toString)
        .containsExactly("10.20.0.0/16", "fd00:1:0:0:0:0:0:0/64", "192.168.1.20/32");
  }

  @Test
  void eachBadAllowedNetworkIsReportedOnItsOwn() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("WEBHOOK_ALLOWED_NETWORKS", "10.0.0.1/8,10.0.0.0/40,intranet")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WEBHOOK_ALLOWED_NETWORKS entry 1 '10.0.0.1/8': bits are set after the prefix")
        .hasMessageContaining("WEBHOOK_ALLOWED_NETWORKS entry 2 '10.0.0.0/40': the prefix length is over 32")
        .hasMessageContaining("WEBHOOK_ALLOWED_NETWORKS entry 3 'intranet': not an IPv4 address");
  }
}

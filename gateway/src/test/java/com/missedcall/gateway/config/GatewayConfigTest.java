package com.missedcall.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

  @Test
  void defaultsNeedNoVariablesAndMeanEmbeddedServers() {
    GatewayConfig config = GatewayConfig.load(Map.of());

    assertThat(config.roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.embeddedPostgres()).isTrue();
    assertThat(config.embeddedRedis()).isTrue();
    assertThat(config.embeddedTwilio()).isTrue();
    assertThat(config.demoSeed()).isTrue();
  }

  @Test
  void everyBadValueIsReportedAtOnceWithItsNameAndWhatIsExpected() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of(
        "HTTP_PORT", "eighty",
        "ROLE", "ingress,cashier",
        "DATABASE_URL", "mysql://db/x",
        "SECRETS_KEY", KEY,
        "REDIS_TIMEOUT_MS", "-5")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(4)
            .anySatisfy(p -> assertThat(p).startsWith("HTTP_PORT='eighty'").contains("an integer from 1 to 65535"))
            .anySatisfy(p -> assertThat(p).startsWith("ROLE=").contains("ingress, workers, admin"))
            .anySatisfy(p -> assertThat(p).startsWith("DATABASE_URL=").contains("postgresql://"))
            .anySatisfy(p -> assertThat(p).startsWith("REDIS_TIMEOUT_MS=")));
  }

  static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
  static final String OTHER_KEY = java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void anExternalDatabaseRequiresTheSecretsKey() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("DATABASE_URL", "postgresql://u@db:5432/x")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("SECRETS_KEY is required when DATABASE_URL is set")
                .contains("openssl rand -base64 32")));
  }

  @Test
  void theEmbeddedDefaultNeedsNoSecretsKey() {
    assertThat(GatewayConfig.load(Map.of()).secretKeys()).isNull();
  }

  @Test
  void aMalformedSecretsKeyIsReportedWithoutQuotingIt() {
    String shortKey = java.util.Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("SECRETS_KEY", KEY, "SECRETS_KEY_ID", "bad id!")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("SECRETS_KEY_ID is not valid")));
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("SECRETS_KEY", shortKey,
        "SECRETS_OLD_KEYS", "k0:" + shortKey + ",nocolon")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("SECRETS_KEY is not valid").contains("16 bytes"))
            .anySatisfy(p -> assertThat(p).startsWith("SECRETS_OLD_KEYS entry 1 (key id 'k0') is not valid")
                .contains("16 bytes"))
            .anySatisfy(p -> assertThat(p).startsWith("SECRETS_OLD_KEYS entry 2 is not valid"))
            .allSatisfy(p -> assertThat(p).doesNotContain(shortKey)));
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("SECRETS_KEY", "not base64 !!")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("SECRETS_KEY is not valid: not base64 (expected a base64 256-bit key, e.g. `openssl rand -base64 32`)"));
  }

  @Test
  void theCurrentKeyAndThePreviousOnesAreRead() {
    GatewayConfig config = GatewayConfig.load(Map.of("SECRETS_KEY", KEY, "SECRETS_KEY_ID", "2026-12",
        "SECRETS_OLD_KEYS", "2026-06:" + OTHER_KEY));

    assertThat(config.secretKeys().currentId()).isEqualTo("2026-12");
    assertThat(config.secretKeys().ids()).containsExactly("2026-12", "2026-06");
    assertThat(config.toString()).doesNotContain(KEY).doesNotContain(OTHER_KEY);
  }

  @Test
  void embeddedOffRequiresTheServersAndThePublicUrl() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("EMBEDDED", "off")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("DATABASE_URL is required"))
            .anySatisfy(p -> assertThat(p).startsWith("REDIS_URL is required"))
            .anySatisfy(p -> assertThat(p).startsWith("PUBLIC_BASE_URL is required")));
  }

  @Test
  void aConfigFileIsReadAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.properties");
    Files.writeString(file, "HTTP_PORT=9000\nREDIS_KEY_PREFIX=fromfile:\n", StandardCharsets.UTF_8);

    GatewayConfig config = GatewayConfig.load(Map.of("CONFIG_FILE", file.toString(), "HTTP_PORT", "9100"));

    assertThat(config.httpPort()).isEqualTo(9100);
    assertThat(config.redisKeyPrefix()).isEqualTo("fromfile:");
  }

  @Test
  void aJobLeaseNoLongerThanTheTwilioTimeoutIsRefused() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("JOB_LEASE_SECONDS", "5", "TWILIO_TIMEOUT_MS", "5000")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().satisfies(p -> assertThat(p).startsWith("JOB_LEASE_SECONDS=5 is not valid")));
  }

  @Test
  void aReconcilerLookbackThatCannotCoverTwoPassesIsRefused() {
    assertThatThrownBy(() -> GatewayConfig.load(Map.of("RECONCILE_INTERVAL_MS", "60000",
        "RECONCILE_LOOKBACK_SECONDS", "100", "RECONCILE_GRACE_SECONDS", "30")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().satisfies(p -> assertThat(p).startsWith("RECONCILE_LOOKBACK_SECONDS=100")
                .contains("twice RECONCILE_INTERVAL_MS")));
  }

  @Test
  void theReconcilerRunsByDefaultAndCanBeSwitchedOff() {
    GatewayConfig.Reconcile on = GatewayConfig.load(Map.of()).reconcile();
    GatewayConfig.Reconcile off = GatewayConfig.load(Map.of("RECONCILE_ENABLED", "false",
        "RECONCILE_LOOKBACK_SECONDS", "1")).reconcile();

    assertThat(on.enabled()).isTrue();
    assertThat(on.interval()).hasSeconds(60);
    assertThat(on.lease()).hasSeconds(180);
    assertThat(off.enabled()).isFalse();
  }

  @Test
  void aSplitRoleListSelectsOnlyThoseRoles() {
    GatewayConfig config = GatewayConfig.load(Map.of("ROLE", "ingress, workers"));

    assertThat(config.roles()).containsExactlyInAnyOrder(Role.INGRESS, Role.WORKERS);
  }

  @Test
  void aBadValueStopsTheLauncherWithExitStatus2AndAMessageNamingIt() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "com.missedcall.gateway.Main"));
    pb.environment().put("HTTP_PORT", "99999");
    pb.environment().put("DATA_DIR", Files.createTempDirectory("cfg").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
    Process process = pb.start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }

    assertThat(exited).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("HTTP_PORT='99999' is not valid: expected an integer from 1 to 65535");
    assertThat(new File(pb.environment().get("DATA_DIR")).list()).isEmpty();
  }
}

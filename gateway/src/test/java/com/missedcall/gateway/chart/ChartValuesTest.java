package com.missedcall.gateway.chart;

import static com.missedcall.gateway.chart.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.missedcall.gateway.chart.Rendered.Manifest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How particular values shape the release. */
class ChartValuesTest {
  private static final Map<String, Object> REQUIRED = Map.of(
      "database.url", "postgresql://gateway:pw@postgres:5432/gateway",
      "redis.url", "redis://redis:6379",
      "publicBaseUrl", "https://calls.example.com",
      "secrets.existingSecret", "gateway-secrets-key");

  private static Map<String, Object> required(Map<String, Object> more) {
    java.util.Map<String, Object> all = new java.util.LinkedHashMap<>(REQUIRED);
    all.putAll(more);
    return all;
  }

  @Test
  void theDefaultValuesAloneFailListingEveryMissingSettingAtOnce() {
    assertThatThrownBy(() -> HelmChart.render(null, Map.of()))
        .hasMessageContaining("the values need fixing")
        .hasMessageContaining("database: set database.url")
        .hasMessageContaining("redis: set redis.url")
        .hasMessageContaining("publicBaseUrl: the ingress role (webhooks) and the workers (SMS status callbacks) need");
  }

  @Test
  void workersWithoutTheIngressRoleStillNeedThePublicBaseUrlForSmsStatusCallbacks() {
    assertThatThrownBy(() -> HelmChart.render(null, Map.of(
        "database.url", "postgresql://gateway:pw@postgres:5432/gateway",
        "redis.url", "redis://redis:6379",
        "roles.ingress.enabled", "false")))
        .hasMessageContaining("publicBaseUrl:");
  }

  @Test
  void withoutASecretsKeyTheReleaseFailsSayingWhatToSet() {
    java.util.Map<String, Object> values = new java.util.LinkedHashMap<>(REQUIRED);
    values.remove("secrets.existingSecret");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HelmChart.render(null, values))
        .hasMessageContaining("secrets: set secrets.existingSecret");
  }

  @Test
  void theSecretsKeyComesFromTheExistingSecretAndNeverFromTheConfigMap() {
    Rendered rendered = HelmChart.render(null, required(Map.of("secrets.keyId", "2026-12")));

    for (Manifest d : rendered.deployments()) {
      JsonNode key = envEntry(d, "SECRETS_KEY");
      assertThat(key.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("gateway-secrets-key");
      assertThat(key.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("secrets-key");
      assertThat(envEntry(d, "SECRETS_OLD_KEYS").at("/valueFrom/secretKeyRef/optional").asBoolean()).isTrue();
    }
    assertThat(rendered.configMapData(FULLNAME)).containsEntry("SECRETS_KEY_ID", "2026-12")
        .doesNotContainKey("SECRETS_KEY").doesNotContainKey("SECRETS_OLD_KEYS");
  }

  @Test
  void aSecretsKeyGivenAsAValueGoesToTheChartsSecret() {
    java.util.Map<String, Object> values = new java.util.LinkedHashMap<>(REQUIRED);
    values.remove("secrets.existingSecret");
    values.put("secrets.key", "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=");
    values.put("secrets.oldKeys", "k0:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    Rendered rendered = HelmChart.render(null, values);

    for (Manifest d : rendered.deployments()) {
      Map<String, String> env = rendered.environment(d, Map.of());
      assertThat(env).containsEntry("SECRETS_KEY", "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=")
          .containsEntry("SECRETS_OLD_KEYS", "k0:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    }
  }

  private static JsonNode envEntry(Manifest d, String name) {
    for (JsonNode e : Rendered.container(d).path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError(d + " has no " + name);
  }

  @Test
  void anAdminOnlyReleaseNeedsNoPublicBaseUrl() {
    Rendered rendered = HelmChart.render(null, Map.of(
        "database.url", "postgresql://gateway:pw@postgres:5432/gateway",
        "redis.url", "redis://redis:6379",
        "secrets.existingSecret", "gateway-secrets-key",
        "roles.ingress.enabled", "false",
        "roles.workers.enabled", "false"));

    assertThat(rendered.deployments()).extracting(Manifest::name).containsExactly(FULLNAME + "-admin");
    assertThat(rendered.configMapData(FULLNAME)).doesNotContainKey("PUBLIC_BASE_URL");
  }

  @Test
  void inconsistentValuesAreAllReportedInOneFailure() {
    assertThatThrownBy(() -> HelmChart.render(null, required(Map.of(
        "redis.mode", "sentinel",
        "podDisruptionBudget.minAvailable", "1",
        "roles.workers.autoscaling.enabled", "true",
        "roles.workers.autoscaling.minReplicas", "5",
        "roles.workers.autoscaling.maxReplicas", "2",
        "shutdown.terminationGracePeriodSeconds", "20"))))
        .hasMessageContaining("redis.mode: expected standalone or cluster")
        .hasMessageContaining("podDisruptionBudget: set minAvailable or maxUnavailable, not both")
        .hasMessageContaining("roles.workers.autoscaling: minReplicas (5) exceeds maxReplicas (2)")
        .hasMessageContaining("shutdown.terminationGracePeriodSeconds: 20 must exceed");
  }

  @Test
  void theDefaultsRunIngressWorkersAndAdminAsThreeDeploymentsWithoutAutoscalers() {
    Rendered rendered = HelmChart.scenario("default");

    assertThat(rendered.deployments()).extracting(Manifest::name)
        .containsExactly(FULLNAME + "-ingress", FULLNAME + "-workers", FULLNAME + "-admin");
    assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
    assertThat(rendered.ofKind("Service")).extracting(Manifest::name)
        .containsExactlyInAnyOrder(FULLNAME + "-ingress", FULLNAME + "-admin", FULLNAME + "-metrics");
  }

  @Test
  void allInOneRunsEveryRoleInOneDeploymentBehindOneService() {
    Rendered rendered = HelmChart.scenario("all-in-one");

    assertThat(rendered.deployments()).extracting(Manifest::name).containsExactly(FULLNAME);
    assertThat(rendered.ofKind("Service")).extracting(Manifest::name)
        .containsExactlyInAnyOrder(FULLNAME, FULLNAME + "-metrics");
    assertThat(rendered.environment(rendered.get("Deployment", FULLNAME), Map.of())).containsEntry("ROLE", "all");
  }

  @Test
  void splitRolesAutoscaleIngressAndWorkersApartAndKeepAdminFixed() {
    Rendered rendered = HelmChart.scenario("split-hpa");

    assertThat(rendered.ofKind("HorizontalPodAutoscaler")).extracting(Manifest::name)
        .containsExactlyInAnyOrder(FULLNAME + "-ingress", FULLNAME + "-workers");
    Manifest workers = rendered.get("HorizontalPodAutoscaler", FULLNAME + "-workers");
    assertThat(workers.at("/spec/minReplicas").asInt()).isEqualTo(2);
    assertThat(workers.at("/spec/maxReplicas").asInt()).isEqualTo(6);
    assertThat(workers.at("/spec/metrics")).hasSize(2);
    assertThat(rendered.get("Deployment", FULLNAME + "-admin").at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @Test
  void theAdminApiSettingsGoToTheConfigMapAndTheDemoSimulatorIsNeverSet() {
    Rendered rendered = HelmChart.render(null, required(Map.of(
        "adminApi.rateLimitPerMinute", "1200",
        "adminApi.webhookTimeoutMs", "3000",
        "adminApi.webhookMaxAttempts", "6")));

    assertThat(rendered.configMapData(FULLNAME)).containsEntry("ADMIN_RATE_LIMIT_PER_MINUTE", "1200")
        .containsEntry("WEBHOOK_TIMEOUT_MS", "3000").containsEntry("WEBHOOK_MAX_ATTEMPTS", "6")
        .doesNotContainKey("DEMO_SIMULATOR_URL");
    assertThat(HelmChart.render(null, REQUIRED).configMapData(FULLNAME))
        .doesNotContainKeys("ADMIN_RATE_LIMIT_PER_MINUTE", "WEBHOOK_TIMEOUT_MS", "WEBHOOK_MAX_ATTEMPTS", "DEMO_SIMULATOR_URL");
  }

  @Test
  void theWebhookAllowListIsJoinedIntoOneVariableAndLeftOutWhenEmpty() {
    Rendered allowed = HelmChart.render("all-in-one", Map.of());   // webhookAllowedNetworks: [10.20.0.0/16, fd00:1::/64]

    assertThat(allowed.configMapData(FULLNAME)).containsEntry("WEBHOOK_ALLOWED_NETWORKS", "10.20.0.0/16,fd00:1::/64");
    assertThat(HelmChart.render(null, REQUIRED).configMapData(FULLNAME)).doesNotContainKey("WEBHOOK_ALLOWED_NETWORKS");
  }

  @Test
  void aRoleSettingOverridesTheSharedOneForThatRoleOnly() {
    Rendered rendered = HelmChart.scenario("split-hpa");

    assertThat(rendered.environment(rendered.get("Deployment", FULLNAME + "-workers"), Map.of()))
        .containsEntry("DATABASE_POOL_SIZE", "6");
    assertThat(rendered.environment(rendered.get("Deployment", FULLNAME + "-ingress"), Map.of()))
        .containsEntry("DATABASE_POOL_SIZE", "12");
  }

  @Test
  void existingSecretsAreReferencedAndTheChartRendersNoSecretOfItsOwn() {
    Rendered rendered = HelmChart.scenario("existing-secrets");

    assertThat(rendered.ofKind("Secret")).isEmpty();
    JsonNode env = Rendered.container(rendered.get("Deployment", FULLNAME + "-workers")).path("env");
    assertThat(env).anySatisfy(e -> {
      assertThat(e.path("name").asText()).isEqualTo("DATABASE_URL");
      assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("gateway-postgres");
      assertThat(e.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("url");
    });
    assertThat(env).anySatisfy(e -> {
      assertThat(e.path("name").asText()).isEqualTo("REDIS_URL");
      assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("gateway-redis");
    });
    assertThat(env).anySatisfy(e -> {
      assertThat(e.path("name").asText()).isEqualTo("AI_API_KEY");
      assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("gateway-ai");
      assertThat(e.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("api-key");
    });
  }

  @Test
  void credentialsNeverAppearInTheConfigMap() {
    Rendered rendered = HelmChart.scenario("redis-cluster");

    String configMap = rendered.get("ConfigMap", FULLNAME).body().toString();
    assertThat(configMap).doesNotContain("redis-pass").doesNotContain("change-me");
    assertThat(rendered.secretData(FULLNAME)).containsEntry("redis-url",
        "redis://:redis-pass@redis-cluster-0.redis.db.svc:6379,redis://:redis-pass@redis-cluster-1.redis.db.svc:6379,"
            + "redis://:redis-pass@redis-cluster-2.redis.db.svc:6379");
    assertThat(rendered.configMapData(FULLNAME)).containsEntry("REDIS_MODE", "cluster");
  }

  @Test
  void theAiApiKeyGoesToTheSecretAndTheOtherAiSettingsToTheConfigMap() {
    Rendered rendered = HelmChart.scenario("split-hpa");

    assertThat(rendered.secretData(FULLNAME)).containsEntry("ai-api-key", "sk-test-not-a-real-key");
    assertThat(rendered.get("ConfigMap", FULLNAME).body().toString()).doesNotContain("sk-test-not-a-real-key");
    assertThat(rendered.configMapData(FULLNAME)).containsEntry("AI_BASE_URL", "https://llm.example.com/v1")
        .containsEntry("AI_ENABLED", "true");
    assertThat(rendered.environment(rendered.get("Deployment", FULLNAME + "-workers"), Map.of()))
        .containsEntry("AI_API_KEY", "sk-test-not-a-real-key");
  }

  @Test
  void theIngressExposesOnlyTheWebhooksAndItsTlsHostBecomesAnHttpsPublicBaseUrl() {
    Rendered rendered = HelmChart.scenario("all-in-one");

    Manifest ingress = rendered.get("Ingress", FULLNAME);
    assertThat(ingress.at("/spec/rules/0/http/paths")).singleElement().satisfies(path -> {
      assertThat(path.path("path").asText()).isEqualTo("/twilio");
      assertThat(path.at("/backend/service/name").asText()).isEqualTo(FULLNAME);
    });
    assertThat(rendered.configMapData(FULLNAME)).containsEntry("PUBLIC_BASE_URL", "https://calls.example.com");
  }

  @Test
  void anIngressHostWithoutTlsGivesAnHttpPublicBaseUrl() {
    Rendered rendered = HelmChart.render(null, Map.of(
        "database.url", "postgresql://gateway:pw@postgres:5432/gateway",
        "redis.url", "redis://redis:6379",
        "secrets.existingSecret", "gateway-secrets-key",
        "ingress.enabled", "true",
        "ingress.hosts[0].host", "plain.example.com",
        "ingress.hosts[0].paths[0].path", "/twilio"));

    assertThat(rendered.configMapData(FULLNAME)).containsEntry("PUBLIC_BASE_URL", "http://plain.example.com");
  }

  @Test
  void anExplicitPublicBaseUrlWinsOverTheIngressHost() {
    Rendered rendered = HelmChart.render("all-in-one", Map.of("publicBaseUrl", "https://hooks.example.net/"));

    assertThat(rendered.configMapData(FULLNAME)).containsEntry("PUBLIC_BASE_URL", "https://hooks.example.net");
  }

  @Test
  void changingTheDatabaseUrlRollsThePodsThroughTheSecretChecksumOnly() {
    Rendered before = HelmChart.scenario("default");
    Rendered after = HelmChart.render("default",
        Map.of("database.url", "postgresql://gateway:rotated@postgres.db.svc:5432/gateway"));

    JsonNode was = before.get("Deployment", FULLNAME + "-workers").at("/spec/template/metadata/annotations");
    JsonNode now = after.get("Deployment", FULLNAME + "-workers").at("/spec/template/metadata/annotations");
    assertThat(now.path("checksum/secret").asText()).isNotEqualTo(was.path("checksum/secret").asText());
    assertThat(now.path("checksum/config").asText()).isEqualTo(was.path("checksum/config").asText());
  }

  @Test
  void changingASettingRollsThePodsThroughTheConfigChecksum() {
    Rendered before = HelmChart.scenario("default");
    Rendered after = HelmChart.render("default", Map.of("config.logLevel", "DEBUG"));

    assertThat(after.get("Deployment", FULLNAME + "-ingress").at("/spec/template/metadata/annotations/checksum~1config"))
        .isNotEqualTo(before.get("Deployment", FULLNAME + "-ingress")
            .at("/spec/template/metadata/annotations/checksum~1config"));
  }

  @Test
  void thePreStopPauseUsesTheNativeSleepActionFromKubernetes130AndExecBefore() {
    JsonNode modern = Rendered.container(Rendered.parse(HelmChart.template("default", Map.of(), "1.31.0"))
        .get("Deployment", FULLNAME + "-ingress")).at("/lifecycle/preStop");
    JsonNode older = Rendered.container(Rendered.parse(HelmChart.template("default", Map.of(), "1.28.0"))
        .get("Deployment", FULLNAME + "-ingress")).at("/lifecycle/preStop");

    assertThat(modern.at("/sleep/seconds").asInt()).isEqualTo(10);
    assertThat(older.at("/exec/command").toString()).isEqualTo("[\"sleep\",\"10\"]");
  }

  @Test
  void theDefaultTerminationGraceIsThePreStopPausePlusTheShutdownGracePlusTheWorkersDrain() {
    Manifest d = HelmChart.render("default", Map.of("shutdown.graceSeconds", "30", "shutdown.preStopSleepSeconds", "5"))
        .get("Deployment", FULLNAME + "-workers");

    assertThat(d.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(5 + 30 + 15);
  }

  @Test
  void monitoringResourcesAreLeftOutWhenThePrometheusOperatorApiIsAbsent() {
    Rendered rendered = HelmChart.render("monitoring", Map.of("metrics.assumePrometheusOperator", "false"));

    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
    assertThat(rendered.ofKind("PrometheusRule")).isEmpty();
    assertThat(rendered.find("ConfigMap", FULLNAME + "-dashboards")).isPresent();
  }

  @Test
  void theServiceMonitorScrapesEveryRoleThroughTheMetricsServiceAndLabelsTheRole() {
    Rendered rendered = HelmChart.scenario("monitoring");

    Manifest monitor = rendered.get("ServiceMonitor", FULLNAME);
    Manifest metrics = rendered.get("Service", FULLNAME + "-metrics");
    assertThat(metrics.labels()).containsAllEntriesOf(Rendered.strings(monitor.at("/spec/selector/matchLabels")));
    assertThat(rendered.ofKind("Service")).filteredOn(s -> s.labels().entrySet()
            .containsAll(Rendered.strings(monitor.at("/spec/selector/matchLabels")).entrySet()))
        .containsExactly(metrics);
    assertThat(Rendered.strings(metrics.at("/spec/selector")))
        .doesNotContainKey("app.kubernetes.io/component");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(monitor.at("/spec/endpoints/0/relabelings/0/targetLabel").asText()).isEqualTo("role");
    assertThat(monitor.labels()).containsEntry("release", "kube-prometheus-stack");
  }

  @Test
  void thePrometheusRuleAlertsOnLatencyOutboxWebhooksSmsRedisAndAvailability() {
    Manifest rule = HelmChart.scenario("monitoring").get("PrometheusRule", FULLNAME);

    assertThat(rule.at("/spec/groups/0/rules").findValuesAsText("alert")).containsExactlyInAnyOrder(
        "MissedCallTextbackLatencyHigh", "MissedCallOutboxJobAgeGrowing", "MissedCallWebhooksUnavailable",
        "MissedCallSmsErrors", "MissedCallReconcilerLagging", "MissedCallVoiceFallbackRateHigh", "MissedCallRedisErrors",
        "MissedCallGatewayDown", "MissedCallGatewayPodsNotReady");
    assertThat(rule.at("/spec/groups/0/rules")).allSatisfy(r -> {
      assertThat(r.at("/labels/severity").asText()).isIn("warning", "critical");
      assertThat(r.at("/annotations/summary").asText()).isNotBlank();
    });
  }

  @Test
  void theVoiceFallbackRatioIsAValue() {
    Manifest rule = HelmChart.render("monitoring", Map.of("metrics.prometheusRule.voiceFallbackRatio", "0.3"))
        .get("PrometheusRule", FULLNAME);

    assertThat(rule.at("/spec/groups/0/rules").findValuesAsText("expr")).anySatisfy(expr -> assertThat(expr)
        .contains("recovery_voice_fallbacks_total").contains("recovery_voice_recoveries_total").contains("> 0.3"));
  }

  @Test
  void theTextbackLatencyObjectiveIsAValue() {
    Manifest rule = HelmChart.render("monitoring", Map.of("metrics.prometheusRule.textbackLatencyP99Seconds", "2.5"))
        .get("PrometheusRule", FULLNAME);

    assertThat(rule.at("/spec/groups/0/rules/0/alert").asText()).isEqualTo("MissedCallTextbackLatencyHigh");
    assertThat(rule.at("/spec/groups/0/rules/0/expr").asText())
        .contains("histogram_quantile(0.99").contains("recovery_textback_latency_seconds_bucket").contains("> 2.5");
  }
}

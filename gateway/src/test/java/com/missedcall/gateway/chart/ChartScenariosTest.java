package com.missedcall.gateway.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.gateway.config.Role;
import com.missedcall.gateway.chart.Rendered.Manifest;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What must hold for every ci/*-values.yaml scenario, checked on the rendered manifests. */
class ChartScenariosTest {
  /** Stand-ins for values that live in Secrets the chart does not render (existingSecret). */
  static final Map<String, String> EXISTING_SECRET_VALUES = Map.of(
      "DATABASE_URL", "postgresql://gateway:secret@postgres.db.svc:5432/gateway",
      "REDIS_URL", "redis://redis.db.svc:6379",
      "AI_API_KEY", "sk-placeholder",
      "SECRETS_KEY", "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
      "SMTP_URL", "smtp://mailer:secret@mail.example.com:587",
      "OPERATOR_API_KEY", "mcr_op_abcdefghijABCDEFGHIJ0123456789ab");

  static List<String> scenarios() {
    return HelmChart.scenarios();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyRenderedManifestFitsItsKubernetesSchemaOrIsAKnownCustomResource(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);

    assertThat(rendered.all()).isNotEmpty();
    for (Manifest m : rendered.all()) {
      assertThatCode(() -> KubernetesModels.validate(m)).as(scenario + ": " + m).doesNotThrowAnyException();
      assertThat(m.name()).as(m + " name").isNotBlank().hasSizeLessThanOrEqualTo(63);
      assertThat(m.at("/metadata/namespace").asText()).as(m + " namespace").isEqualTo(HelmChart.NAMESPACE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void configMapValuesAreStringsAsEnvironmentVariablesNeed(String scenario) {
    for (Manifest cm : HelmChart.scenario(scenario).ofKind("ConfigMap")) {
      cm.at("/data").fields().forEachRemaining(f ->
          assertThat(f.getValue().isTextual()).as(cm + " " + f.getKey()).isTrue());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void probesCheckHealthLiveAndHealthReadyOnThePortNamedForHttpPort(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);

    for (Manifest d : rendered.deployments()) {
      JsonNode container = Rendered.container(d);
      int httpPort = Integer.parseInt(rendered.environment(d, EXISTING_SECRET_VALUES).get("HTTP_PORT"));
      assertThat(container.path("ports")).as(d + " ports").anySatisfy(port -> {
        assertThat(port.path("name").asText()).isEqualTo("http");
        assertThat(port.path("containerPort").asInt()).isEqualTo(httpPort);
      });
      assertProbe(d, container.path("livenessProbe"), "/health/live");
      assertProbe(d, container.path("readinessProbe"), "/health/ready");
      assertProbe(d, container.path("startupProbe"), "/health/live");
    }
  }

  private static void assertProbe(Manifest d, JsonNode probe, String path) {
    assertThat(probe.at("/httpGet/path").asText()).as(d + " probe path").isEqualTo(path);
    assertThat(probe.at("/httpGet/port").asText()).as(d + " probe port").isEqualTo("http");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyEnvironmentVariableTheChartSetsIsOneTheGatewayReads(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);
    Set<String> read = GatewaySettings.namesRead();
    assertThat(read).as("names parsed from GatewayConfig.java and logback.xml")
        .contains("HTTP_PORT", "DATABASE_URL", "SHUTDOWN_GRACE_SECONDS", "LOG_LEVEL");

    for (Manifest d : rendered.deployments()) {
      assertThat(rendered.environment(d, EXISTING_SECRET_VALUES).keySet()).as(d + " environment").isSubsetOf(read);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everySettingTheGatewayRequiresWithEmbeddedOffIsSet(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);
    Set<String> required = GatewaySettings.requiredWithEmbeddedOff();
    assertThat(required).as("required names parsed from GatewayConfig.java").contains("DATABASE_URL", "REDIS_URL");

    for (Manifest d : rendered.deployments()) {
      Map<String, String> env = rendered.environment(d, EXISTING_SECRET_VALUES);
      boolean ingress = expectedRoles(d).contains(Role.INGRESS);
      for (String name : required) {
        if (ingress || !GatewaySettings.requiredOnlyByIngress(name)) {
          assertThat(env.get(name)).as(d + " " + name).isNotBlank();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theWorkersKnowThePublicBaseUrlTheyBuildSmsStatusCallbacksOn(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);

    for (Manifest d : rendered.deployments()) {
      if (expectedRoles(d).contains(Role.WORKERS)) {
        assertThat(rendered.environment(d, EXISTING_SECRET_VALUES).get("PUBLIC_BASE_URL")).as(d.toString())
            .startsWith("https://");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void embeddedServersAreOffInEveryDeployment(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);

    for (Manifest d : rendered.deployments()) {
      assertThat(rendered.environment(d, EXISTING_SECRET_VALUES)).as(d.toString()).containsEntry("EMBEDDED", "off");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void eachDeploymentRunsTheRolesItIsNamedFor(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);
    Set<Role> covered = new HashSet<>();

    for (Manifest d : rendered.deployments()) {
      String component = d.labels().get("app.kubernetes.io/component");
      Map<String, String> env = rendered.environment(d, EXISTING_SECRET_VALUES);
      assertThat(env.get("ROLE")).as(d + " ROLE").isEqualTo(component);
      assertThat(d.name()).as(d + " name").isEqualTo(component.equals("all")
          ? HelmChart.FULLNAME : HelmChart.FULLNAME + "-" + component);
      assertThat(GatewayConfig.load(env).roles()).as(d + " roles as the gateway parses them")
          .isEqualTo(expectedRoles(d));
      covered.addAll(expectedRoles(d));
    }
    assertThat(covered).as("roles run by the release").isEqualTo(EnumSet.allOf(Role.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theGatewayAcceptsTheEnvironmentOfEveryDeployment(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);

    for (Manifest d : rendered.deployments()) {
      Map<String, String> env = rendered.environment(d, EXISTING_SECRET_VALUES);
      assertThatCode(() -> GatewayConfig.load(env)).as(d + " " + env).doesNotThrowAnyException();
      assertThat(GatewayConfig.load(env).embedded()).isEqualTo(GatewayConfig.Embedded.OFF);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void podsRunAsNonRootOnAReadOnlyRootFilesystemWithoutCapabilitiesOrAnApiToken(String scenario) {
    for (Manifest d : HelmChart.scenario(scenario).deployments()) {
      JsonNode pod = d.at("/spec/template/spec");
      JsonNode security = Rendered.container(d).path("securityContext");
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(d + " runAsNonRoot").isTrue();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(d + " seccomp").isEqualTo("RuntimeDefault");
      assertThat(pod.path("automountServiceAccountToken").isBoolean()).as(d + " automount set").isTrue();
      assertThat(pod.path("automountServiceAccountToken").asBoolean()).as(d + " automount").isFalse();
      assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(d + " read-only root").isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(d + " privilege escalation").isFalse();
      assertThat(security.at("/capabilities/drop")).as(d + " dropped capabilities")
          .anySatisfy(c -> assertThat(c.asText()).isEqualTo("ALL"));
      assertThat(Rendered.container(d).path("volumeMounts")).as(d + " /tmp")
          .anySatisfy(mount -> {
            assertThat(mount.path("mountPath").asText()).isEqualTo("/tmp");
            assertThat(volume(d, mount.path("name").asText()).has("emptyDir")).isTrue();
          });
    }
  }

  private static JsonNode volume(Manifest d, String name) {
    for (JsonNode v : d.at("/spec/template/spec/volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError(d + " has no volume " + name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void terminationGraceOutlastsThePreStopPauseAndTheShutdownGrace(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);

    for (Manifest d : rendered.deployments()) {
      int grace = Integer.parseInt(rendered.environment(d, EXISTING_SECRET_VALUES).get("SHUTDOWN_GRACE_SECONDS"));
      int preStop = preStopSleepSeconds(Rendered.container(d));
      assertThat(preStop).as(d + " preStop pause").isPositive();
      assertThat(d.at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
          .as(d + " terminationGracePeriodSeconds").isGreaterThan(grace + preStop);
    }
  }

  static int preStopSleepSeconds(JsonNode container) {
    JsonNode preStop = container.at("/lifecycle/preStop");
    if (preStop.has("sleep")) {
      return preStop.at("/sleep/seconds").asInt();
    }
    JsonNode command = preStop.at("/exec/command");
    if (command.size() == 2 && command.get(0).asText().equals("sleep")) {
      return Integer.parseInt(command.get(1).asText());
    }
    return 0;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void podsCarryChecksumsOfTheirConfigMapAndSecretSoChangesRollThem(String scenario) {
    for (Manifest d : HelmChart.scenario(scenario).deployments()) {
      JsonNode annotations = d.at("/spec/template/metadata/annotations");
      assertThat(annotations.path("checksum/config").asText()).as(d + " checksum/config").matches("[0-9a-f]{64}");
      assertThat(annotations.path("checksum/secret").asText()).as(d + " checksum/secret").matches("[0-9a-f]{64}");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void servicesBudgetsAutoscalersAndTheIngressPointAtRenderedWorkloads(String scenario) {
    Rendered rendered = HelmChart.scenario(scenario);
    List<Manifest> deployments = rendered.deployments();

    for (Manifest svc : rendered.ofKind("Service")) {
      Map<String, String> selector = Rendered.strings(svc.at("/spec/selector"));
      assertThat(deployments).as(svc + " selects pods").anySatisfy(d -> assertThat(podLabels(d)).containsAllEntriesOf(selector));
      assertThat(svc.at("/spec/ports")).anySatisfy(p -> assertThat(p.path("targetPort").asText()).isEqualTo("http"));
    }
    for (Manifest pdb : rendered.ofKind("PodDisruptionBudget")) {
      Map<String, String> selector = Rendered.strings(pdb.at("/spec/selector/matchLabels"));
      assertThat(deployments.stream().filter(d -> podLabels(d).entrySet().containsAll(selector.entrySet())))
          .as(pdb + " covers exactly one Deployment").hasSize(1);
    }
    for (Manifest hpa : rendered.ofKind("HorizontalPodAutoscaler")) {
      Manifest target = rendered.get("Deployment", hpa.at("/spec/scaleTargetRef/name").asText());
      assertThat(target.at("/spec/replicas").isMissingNode()).as(target + " leaves replicas to " + hpa).isTrue();
    }
    for (Manifest ingress : rendered.ofKind("Ingress")) {
      for (JsonNode rule : ingress.at("/spec/rules")) {
        for (JsonNode path : rule.at("/http/paths")) {
          Manifest svc = rendered.get("Service", path.at("/backend/service/name").asText());
          assertThat(svc.at("/spec/ports")).anySatisfy(p -> assertThat(p.path("name").asText())
              .isEqualTo(path.at("/backend/service/port/name").asText()));
          assertThat(svc.at("/spec/selector/app.kubernetes.io~1component").asText()).isIn("ingress", "all");
        }
      }
    }
  }

  private static Map<String, String> podLabels(Manifest d) {
    return Rendered.strings(d.at("/spec/template/metadata/labels"));
  }

  static Set<Role> expectedRoles(Manifest deployment) {
    String component = deployment.labels().get("app.kubernetes.io/component");
    return component.equals("all") ? EnumSet.allOf(Role.class)
        : EnumSet.of(Role.valueOf(component.toUpperCase(java.util.Locale.ROOT)));
  }
}

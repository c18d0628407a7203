package com.missedcall.gateway.chart;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;

/**
 * Offline schema checks with the Kubernetes Java client's generated models: {@code validateJsonElement}
 * rejects unknown fields (a typo, a field at the wrong level) and missing required ones, recursively.
 * Custom resources have no model there; they are only checked to be known kinds.
 */
final class KubernetesModels {
  static final Map<String, Class<?>> MODELS = Map.of(
      "apps/v1/Deployment", V1Deployment.class,
      "v1/Service", V1Service.class,
      "v1/ConfigMap", V1ConfigMap.class,
      "v1/Secret", V1Secret.class,
      "v1/ServiceAccount", V1ServiceAccount.class,
      "networking.k8s.io/v1/Ingress", V1Ingress.class,
      "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class,
      "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class);
  static final Set<String> CUSTOM_RESOURCES = Set.of(
      "monitoring.coreos.com/v1/ServiceMonitor",
      "monitoring.coreos.com/v1/PrometheusRule");

  private KubernetesModels() {}

  /** Throws with the model's message when the manifest does not fit its kind's schema. */
  static void validate(Rendered.Manifest manifest) {
    if (CUSTOM_RESOURCES.contains(manifest.type())) {
      return;
    }
    Class<?> model = MODELS.get(manifest.type());
    if (model == null) {
      throw new AssertionError(manifest + ": no model for " + manifest.type() + " (add one, or a custom resource)");
    }
    JsonElement json = JsonParser.parseString(manifest.body().toString());
    try {
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
    } catch (InvocationTargetException e) {
      throw new AssertionError(manifest + " does not fit " + model.getSimpleName() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}

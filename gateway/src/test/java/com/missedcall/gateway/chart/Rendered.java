package com.missedcall.gateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The manifests of one `helm template`, parsed as YAML documents. */
final class Rendered {
  /** One rendered object. */
  record Manifest(String apiVersion, String kind, String name, JsonNode body) {
    String type() {
      return apiVersion + "/" + kind;
    }

    JsonNode at(String pointer) {
      return body.at(pointer);
    }

    Map<String, String> labels() {
      return strings(body.at("/metadata/labels"));
    }

    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  private static final YAMLMapper YAML = new YAMLMapper();
  private final List<Manifest> manifests;

  private Rendered(List<Manifest> manifests) {
    this.manifests = List.copyOf(manifests);
  }

  static Rendered parse(String output) {
    List<Manifest> manifests = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(output)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || !doc.isObject() || doc.isEmpty()) {
          continue;
        }
        manifests.add(new Manifest(doc.path("apiVersion").asText(), doc.path("kind").asText(),
            doc.at("/metadata/name").asText(), doc));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("helm output is not YAML:\n" + output, e);
    }
    return new Rendered(manifests);
  }

  List<Manifest> all() {
    return manifests;
  }

  List<Manifest> ofKind(String kind) {
    return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  Optional<Manifest> find(String kind, String name) {
    return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
  }

  Manifest get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new NoSuchElementException(kind + " " + name + " not rendered; have "
        + manifests));
  }

  List<Manifest> deployments() {
    return ofKind("Deployment");
  }

  /** The gateway container of a Deployment. */
  static JsonNode container(Manifest deployment) {
    for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
      if ("gateway".equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new NoSuchElementException("no gateway container in " + deployment);
  }

  /**
   * The environment the gateway process of a Deployment starts with: envFrom ConfigMaps and Secrets,
   * then env (which wins), with secretKeyRef/configMapKeyRef resolved against the rendered objects.
   * A reference to a Secret the chart does not render (existingSecret) resolves to
   * {@code placeholders.get(NAME)}.
   */
  Map<String, String> environment(Manifest deployment, Map<String, String> placeholders) {
    JsonNode container = container(deployment);
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      if (from.has("configMapRef")) {
        env.putAll(configMapData(from.at("/configMapRef/name").asText()));
      }
      if (from.has("secretRef")) {
        env.putAll(secretData(from.at("/secretRef/name").asText()));
      }
    }
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      if (e.has("value")) {
        env.put(name, e.path("value").asText());
      } else if (e.at("/valueFrom/secretKeyRef").isObject()) {
        JsonNode ref = e.at("/valueFrom/secretKeyRef");
        String secret = ref.path("name").asText();
        env.put(name, find("Secret", secret).isPresent()
            ? secretData(secret).get(ref.path("key").asText())
            : placeholders.get(name));
      } else if (e.at("/valueFrom/configMapKeyRef").isObject()) {
        JsonNode ref = e.at("/valueFrom/configMapKeyRef");
        env.put(name, configMapData(ref.path("name").asText()).get(ref.path("key").asText()));
      } else {
        env.put(name, null);
      }
    }
    return env;
  }

  Map<String, String> configMapData(String name) {
    return strings(get("ConfigMap", name).at("/data"));
  }

  Map<String, String> secretData(String name) {
    Manifest secret = get("Secret", name);
    Map<String, String> data = new LinkedHashMap<>(strings(secret.at("/stringData")));
    strings(secret.at("/data")).forEach((k, v) ->
        data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return data;
  }

  static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new LinkedHashMap<>();
    if (map != null && map.isObject()) {
      map.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText()
          : f.getValue().toString()));
    }
    return out;
  }
}

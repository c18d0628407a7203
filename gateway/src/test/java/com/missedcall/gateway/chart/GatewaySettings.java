package com.missedcall.gateway.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables the gateway reads, taken from its source rather than from a list kept
 * by hand: GatewayConfig is the single source of truth, so a renamed or removed setting makes the
 * chart tests fail instead of leaving the chart setting a variable nobody reads.
 */
final class GatewaySettings {
  static final Path CONFIG_SOURCE = Path.of("src/main/java/com/missedcall/gateway/config/GatewayConfig.java");
  static final Path LOGBACK = Path.of("src/main/resources/logback.xml");

  /** {@code r.integer("HTTP_PORT", ...)}, {@code r.string("DATABASE_URL", null)}...: the names passed to the reader. */
  private static final Pattern READ = Pattern.compile("\\br\\.\\w+\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
  /** {@code r.problem("DATABASE_URL is required when EMBEDDED=off...")}. */
  private static final Pattern REQUIRED = Pattern.compile("r\\.problem\\(\\s*\"([A-Z][A-Z0-9_]*) is required");
  /** {@code ${LOG_LEVEL:-INFO}} in logback.xml. */
  private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-[^}]*)?}");

  private GatewaySettings() {}

  /** Every variable GatewayConfig reads, plus those logback.xml substitutes (LOG_LEVEL). */
  static Set<String> namesRead() {
    Set<String> names = new TreeSet<>(matches(READ, read(CONFIG_SOURCE)));
    names.addAll(matches(LOGBACK_VARIABLE, read(LOGBACK)));
    return names;
  }

  /** The variables GatewayConfig reports as required when EMBEDDED=off. */
  static Set<String> requiredWithEmbeddedOff() {
    return new TreeSet<>(matches(REQUIRED, read(CONFIG_SOURCE)));
  }

  /** Whether the requirement is guarded by the ingress role ({@code if (... roles.contains(Role.INGRESS))}). */
  static boolean requiredOnlyByIngress(String name) {
    List<String> lines = read(CONFIG_SOURCE).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("r.problem(\"" + name + " is required")) {
        for (int j = i - 1; j >= 0; j--) {
          if (lines.get(j).contains("if (")) {
            return lines.get(j).contains("Role.INGRESS");
          }
        }
      }
    }
    throw new IllegalArgumentException(name + " is not reported as required in " + CONFIG_SOURCE);
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("run the tests from the gateway module: " + file.toAbsolutePath(), e);
    }
  }
}

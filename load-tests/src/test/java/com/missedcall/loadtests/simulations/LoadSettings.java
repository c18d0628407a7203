package com.missedcall.loadtests.simulations;

import java.time.Duration;

/**
 * Everything a simulation needs, from system properties on the Maven command line
 * ({@code -DbaseUrl=... -Drate=...}), with defaults matching {@code load-tests/bench.sh}'s seed.
 * With {@code -Dconcurrency=N} the load is a closed model (N users back to back: maximum throughput);
 * otherwise an open model ramping to {@code rate} arrivals per second.
 */
public record LoadSettings(String baseUrl, String signedBaseUrl, String accountSid, String authToken, int workspaces,
                           int rate, int concurrency, Duration ramp, Duration duration, int p99Ms, String runDir,
                           String runId) {

  public static LoadSettings fromSystemProperties() {
    String baseUrl = prop("baseUrl", "http://127.0.0.1:8080");
    return new LoadSettings(
        baseUrl,
        prop("signedBaseUrl", baseUrl),
        prop("accountSid", "AC00000000000000000000000000000b3c"),
        prop("authToken", "bench-auth-token-000000000000000000"),
        Integer.parseInt(prop("workspaces", "100")),
        Integer.parseInt(prop("rate", "1000")),
        Integer.parseInt(prop("concurrency", "0")),
        Duration.ofSeconds(Long.parseLong(prop("rampSeconds", "10"))),
        Duration.ofSeconds(Long.parseLong(prop("durationSeconds", "30"))),
        Integer.parseInt(prop("p99Ms", "50")),
        prop("runDir", "target/bench-run"),
        prop("runId", Long.toHexString(System.currentTimeMillis())));
  }

  private static String prop(String name, String fallback) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** The forwarding-mode number of workspace {@code i}, as seeded by the load-test seed. */
  public String forwardingNumber(int i) {
    return "+1555200" + String.format("%04d", i % workspaces);
  }

  /** The direct-mode number of workspace {@code i}. */
  public String directNumber(int i) {
    return "+1555300" + String.format("%04d", i % workspaces);
  }
}

package com.missedcall.twiliosim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Settings of the standalone simulator: {@code SIM_HOST} (default 0.0.0.0), {@code SIM_PORT}
 * (default 4010), {@code SIM_ACCOUNTS} ({@code AC...:token,AC...:token}) and
 * {@code SIM_AUTO_STATUS_CALLBACKS} (true/false).
 */
record LauncherSettings(String host, int port, Map<String, String> accounts, boolean autoStatusCallbacks) {

  static final int DEFAULT_PORT = 4010;

  static LauncherSettings from(UnaryOperator<String> lookup) {
    return new LauncherSettings(
        valueOr(lookup, "SIM_HOST", "0.0.0.0"),
        parsePort(valueOr(lookup, "SIM_PORT", Integer.toString(DEFAULT_PORT))),
        parseAccounts(valueOr(lookup, "SIM_ACCOUNTS", "")),
        Boolean.parseBoolean(valueOr(lookup, "SIM_AUTO_STATUS_CALLBACKS", "false").trim()));
  }

  SimulatorOptions toOptions() {
    return new SimulatorOptions().host(host).port(port).autoStatusCallbacks(autoStatusCallbacks);
  }

  static Map<String, String> parseAccounts(String spec) {
    Map<String, String> accounts = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || colon == trimmed.length() - 1) {
        throw new IllegalArgumentException("SIM_ACCOUNTS entries must look like AC...:token, got '" + trimmed + "'");
      }
      accounts.put(trimmed.substring(0, colon), trimmed.substring(colon + 1));
    }
    return accounts;
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SIM_PORT must be a number, got '" + value + "'", e);
    }
  }

  private static String valueOr(UnaryOperator<String> lookup, String name, String fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

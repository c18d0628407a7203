package com.missedcall.gateway.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads typed values by variable name, collecting every problem instead of stopping at the first. */
final class ConfigReader {
  private final Map<String, String> values;
  private final List<String> problems = new ArrayList<>();

  ConfigReader(Map<String, String> values) {
    this.values = values;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String message) {
    problems.add(message);
  }

  String string(String name, String fallback) {
    String v = values.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  int integer(String name, int fallback, int min, int max) {
    return parse(name, fallback, s -> {
      int v = Integer.parseInt(s);
      if (v < min || v > max) {
        throw new IllegalArgumentException();
      }
      return v;
    }, "an integer from " + min + " to " + max);
  }

  boolean bool(String name, boolean fallback) {
    return parse(name, fallback, s -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException();
    }, "true or false");
  }

  URI url(String name, URI fallback, String... schemes) {
    return parse(name, fallback, s -> {
      URI uri = URI.create(s);
      if (uri.getScheme() == null || uri.getHost() == null || !List.of(schemes).contains(uri.getScheme())) {
        throw new IllegalArgumentException();
      }
      return uri;
    }, "an absolute URL with scheme " + String.join(" or ", schemes));
  }

  <T> T parse(String name, T fallback, Function<String, T> parser, String expected) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return parser.apply(raw.trim());
    } catch (RuntimeException e) {
      problems.add(name + "=" + quote(raw) + " is not valid: expected " + expected);
      return fallback;
    }
  }

  static String quote(String raw) {
    return "'" + (raw.length() > 60 ? raw.substring(0, 60) + "..." : raw) + "'";
  }
}

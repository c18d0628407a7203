package com.missedcall.twiliosim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} in both directions, keeping names case-sensitive. */
public final class FormEncoding {

  private FormEncoding() {}

  public static String encode(Map<String, String> params) {
    StringBuilder form = new StringBuilder();
    params.forEach((name, value) -> {
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
    });
    return form.toString();
  }

  /** Parses a raw form body exactly: repeated names keep every value, case is preserved. */
  public static Map<String, List<String>> decode(String body) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }
}

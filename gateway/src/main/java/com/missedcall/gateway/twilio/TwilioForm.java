package com.missedcall.gateway.twilio;

import com.missedcall.gateway.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A Twilio webhook's form body ({@code application/x-www-form-urlencoded}), parsed strictly: a body
 * that is not a valid form is refused with 400 before anything else looks at it. Twilio does not
 * repeat keys in the webhooks we handle; when a key repeats, the first value is kept and
 * {@code repeatedKeys} is set (the signature check will then refuse the request).
 */
public record TwilioForm(Map<String, String> params, boolean repeatedKeys) {
  private static final String KEY = "twilioForm";

  public String get(String name) {
    return params.get(name);
  }

  public static TwilioForm of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** Handler: parses the body into the routing context, or fails with 415/400. */
  public static void parse(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      ctx.fail(new HttpProblem(415, "unsupported_media_type",
          "Twilio webhooks must be application/x-www-form-urlencoded"));
      return;
    }
    try {
      String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString("UTF-8");
      ctx.put(KEY, parse(body));
      ctx.next();
    } catch (IllegalArgumentException e) {
      ctx.fail(new HttpProblem(400, "malformed_form", "The form body could not be parsed: " + e.getMessage()));
    }
  }

  /** Strict parse of a form body; throws IllegalArgumentException on malformed input. */
  public static TwilioForm parse(String body) {
    Map<String, String> params = new HashMap<>();
    boolean repeated = false;
    if (body.isEmpty()) {
      return new TwilioForm(params, false);
    }
    for (String pair : body.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (key.isEmpty()) {
        throw new IllegalArgumentException("empty parameter name");
      }
      if (params.putIfAbsent(key, value) != null) {
        repeated = true;
      }
    }
    return new TwilioForm(Map.copyOf(params), repeated);
  }

  private static String decode(String s) {
    String decoded = URLDecoder.decode(s, StandardCharsets.UTF_8);
    if (decoded.indexOf('\uFFFD') >= 0 && s.indexOf('\uFFFD') < 0) {
      throw new IllegalArgumentException("invalid UTF-8 in percent-encoding");
    }
    return decoded;
  }
}

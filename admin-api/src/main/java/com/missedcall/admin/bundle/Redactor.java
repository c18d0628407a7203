package com.missedcall.admin.bundle;

import com.missedcall.recovery.calls.CallerNumber;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * The last pass over a support bundle before it leaves: every caller number the bundle's rows held is masked
 * wherever it still appears in a string (an error text Twilio wrote, a setup detail), with or without its
 * leading +, and every other number-shaped run inside free text is masked as the logs mask it. The business's
 * own numbers ({@code keep}) stay whole: support needs them.
 */
final class Redactor {
  private final Set<String> callers;
  private final Set<String> keep;

  Redactor(Set<String> callers, Set<String> keep) {
    this.callers = callers;
    this.keep = keep;
  }

  JsonObject apply(JsonObject json) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : json) {
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  private JsonArray apply(JsonArray array) {
    JsonArray out = new JsonArray();
    array.forEach(v -> out.add(value(v)));
    return out;
  }

  private Object value(Object v) {
    if (v instanceof JsonObject o) {
      return apply(o);
    }
    if (v instanceof JsonArray a) {
      return apply(a);
    }
    if (v instanceof String s) {
      return text(s);
    }
    return v;
  }

  String text(String s) {
    if (keep.contains(s)) {
      return s;
    }
    String out = s;
    for (String caller : callers) {
      if (caller == null || caller.length() < 6 || keep.contains(caller)) {
        continue;
      }
      out = out.replace(caller, CallerNumber.mask(caller));
      String digits = caller.startsWith("+") ? caller.substring(1) : caller;
      out = out.replace(digits, CallerNumber.mask(caller).substring(1));
    }
    return out;
  }
}

package com.missedcall.recovery.ai;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The model's answer: the reply text and what it extracted (need, address, urgency, and when the caller would like
 * a call back, in their words). Asked for JSON, models sometimes wrap it in a
 * code fence or answer in plain text; both are accepted (plain text is the reply, nothing extracted).
 */
public record ModelReply(String reply, String need, String address, String urgency, String callbackTime) {
  private static final Set<String> URGENCIES = Set.of("emergency", "today", "this_week", "flexible");

  /** A reply that names no callback time. */
  public ModelReply(String reply, String need, String address, String urgency) {
    this(reply, need, address, urgency, null);
  }

  static Optional<ModelReply> parse(String content) {
    if (content == null) {
      return Optional.empty();
    }
    String text = content.strip();
    if (text.startsWith("```")) {
      text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "").strip();
    }
    if (text.startsWith("{")) {
      try {
        JsonObject json = new JsonObject(text);
        String reply = string(json, "reply");
        return reply == null ? Optional.empty()
            : Optional.of(new ModelReply(reply, string(json, "need"), string(json, "address"),
                urgency(string(json, "urgency")), string(json, "callback_time")));
      } catch (DecodeException | ClassCastException notJson) {
        // fall through: a reply that merely starts with a brace
      }
    }
    return text.isEmpty() ? Optional.empty() : Optional.of(new ModelReply(text, null, null, null));
  }

  /** A model's JSON field as text: null when absent, blank, not a string or the word "null" (shared with the voice prompt). */
  public static String string(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (!(v instanceof String s) || s.isBlank() || "null".equalsIgnoreCase(s.strip())) {
      return null;
    }
    return s.strip();
  }

  /** The urgency a model named, normalised to one of the known values when it is one (shared with the voice prompt). */
  public static String urgency(String raw) {
    if (raw == null) {
      return null;
    }
    String u = raw.toLowerCase(Locale.ROOT).replace(' ', '_');
    return URGENCIES.contains(u) ? u : raw;
  }
}

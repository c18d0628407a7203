package com.missedcall.twiliosim;

import java.util.List;
import java.util.Map;

/**
 * One TwiML element as the simulator read it: its name ({@code Say}, {@code Gather}, {@code Number}...),
 * its attributes, its text (whitespace collapsed, SSML tags dropped) and its element children.
 */
record TwimlVerb(String name, Map<String, String> attributes, String text, List<TwimlVerb> children) {

  String attr(String attribute) {
    String value = attributes.get(attribute);
    return value == null || value.isBlank() ? null : value.trim();
  }

  String attr(String attribute, String fallback) {
    String value = attr(attribute);
    return value == null ? fallback : value;
  }

  /** A whole-number attribute; anything else is Twilio's schema error 12200. */
  int intAttr(String attribute, int fallback) {
    String value = attr(attribute);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < 0) {
        throw new NumberFormatException(value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw TwimlException.schema("<" + name + "> " + attribute + "=\"" + value + "\" is not a non-negative integer");
    }
  }

  boolean boolAttr(String attribute) {
    String value = attr(attribute);
    if (value == null) {
      return false;
    }
    if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
      throw TwimlException.schema("<" + name + "> " + attribute + "=\"" + value + "\" is not true or false");
    }
    return "true".equalsIgnoreCase(value);
  }

  /** {@code GET} or {@code POST} (Twilio's default). */
  String method() {
    String method = attr("method", "POST").toUpperCase(java.util.Locale.ROOT);
    if (!method.equals("GET") && !method.equals("POST")) {
      throw TwimlException.schema("<" + name + "> method=\"" + attr("method") + "\" is not GET or POST");
    }
    return method;
  }
}

package com.missedcall.recovery.copy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed text-back template: literal text and {@code {variable}} or {@code {variable|fallback}} slots
 * ({@link TemplateVariables#NAMES}). {@code {{} and {@code }}} write literal braces. Parsing refuses what would
 * otherwise reach a caller verbatim: an unknown variable, an unclosed or empty brace, a brace inside a fallback.
 * Rendering fills each slot with its value or its fallback, then tidies the spaces a missing value leaves behind.
 */
public final class CopyTemplate {
  public static final int MAX_FALLBACK = 60;
  private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
  private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile("[ \\t]+([.,!?;:])");

  private sealed interface Part permits Literal, Slot {}

  private record Literal(String text) implements Part {}

  private record Slot(String name, String fallback) implements Part {}

  private final String source;
  private final List<Part> parts;

  private CopyTemplate(String source, List<Part> parts) {
    this.source = source;
    this.parts = parts;
  }

  public String source() {
    return source;
  }

  /** The template, or {@link TemplateRejected} saying what is wrong and where. */
  public static CopyTemplate parse(String text) {
    if (text == null) {
      throw new TemplateRejected("invalid_template", "the template is missing");
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
        continue;
      }
      if (ch == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
        continue;
      }
      if (ch == '}') {
        throw new TemplateRejected("invalid_template", "a '}' at character " + (i + 1)
            + " closes no variable (write }} for a literal brace)");
      }
      if (ch != '{') {
        literal.append(ch);
        i++;
        continue;
      }
      int close = text.indexOf('}', i + 1);
      int nextOpen = text.indexOf('{', i + 1);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        throw new TemplateRejected("invalid_template", "the '{' at character " + (i + 1)
            + " is never closed (write {{ for a literal brace)");
      }
      String inside = text.substring(i + 1, close);
      int bar = inside.indexOf('|');
      String name = (bar < 0 ? inside : inside.substring(0, bar)).strip();
      String fallback = bar < 0 ? null : inside.substring(bar + 1);
      if (name.isEmpty()) {
        throw new TemplateRejected("invalid_template", "the '{' at character " + (i + 1) + " names no variable");
      }
      if (!TemplateVariables.NAMES.contains(name)) {
        throw new TemplateRejected("unknown_template_variable", "{" + shown(name) + "} is not a template variable; "
            + "use " + String.join(", ", TemplateVariables.NAMES.stream().map(n -> "{" + n + "}").toList()));
      }
      if (fallback != null && (fallback.length() > MAX_FALLBACK || fallback.indexOf('|') >= 0)) {
        throw new TemplateRejected("invalid_template", "the fallback of {" + name + "} must be at most "
            + MAX_FALLBACK + " characters without '|'");
      }
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      parts.add(new Slot(name, fallback));
      i = close + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new CopyTemplate(text, List.copyOf(parts));
  }

  private static String shown(String name) {
    return name.length() > 40 ? name.substring(0, 40) + "…" : name;
  }

  /**
   * A template saved before variables were checked, that no longer parses: it renders as it always did, only
   * {@code {business}} replaced and everything else as written.
   */
  public static CopyTemplate legacy(String text) {
    List<Part> parts = new ArrayList<>();
    String[] pieces = text.split(Pattern.quote("{business}"), -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        parts.add(new Slot(TemplateVariables.BUSINESS, null));
      }
      if (!pieces[i].isEmpty()) {
        parts.add(new Literal(pieces[i]));
      }
    }
    return new CopyTemplate(text, List.copyOf(parts));
  }

  /** The variables it uses, in order of first use. */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part instanceof Slot slot) {
        names.add(slot.name());
      }
    }
    return names;
  }

  public boolean uses(String variable) {
    return variables().contains(variable);
  }

  /** The text with every slot filled; the variables that were missing are reported to {@code missing}. */
  public String render(TemplateVariables values, Set<String> missing) {
    StringBuilder out = new StringBuilder();
    boolean filledIn = false;
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        out.append(literal.text());
      } else if (part instanceof Slot slot) {
        String value = values.value(slot.name()).orElse(null);
        if (value == null) {
          missing.add(slot.name());
          filledIn = true;
          value = slot.fallback() != null ? slot.fallback() : TemplateVariables.defaultFallback(slot.name());
        }
        out.append(value);
      }
    }
    if (!filledIn) {
      return out.toString().strip();
    }
    // only where a value was missing: "Hi {caller_first_name|} , ..." must not leave "Hi , ..."
    String tidy = SPACES.matcher(out).replaceAll(" ");
    return SPACE_BEFORE_PUNCTUATION.matcher(tidy).replaceAll("$1").strip();
  }

  public String render(TemplateVariables values) {
    return render(values, new LinkedHashSet<>());
  }
}

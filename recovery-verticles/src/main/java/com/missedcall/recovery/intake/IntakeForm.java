package com.missedcall.recovery.intake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A submitted intake form, checked against the fields the page asked: the nonce of the rendered form, then each
 * answer within its length, without control characters (line breaks allowed in the need), the urgency one of
 * {@link IntakeField#URGENCIES}, the need required. Fields the page did not ask are refused. Values are kept as
 * typed (trimmed): they are escaped wherever they are shown, never rewritten.
 */
public record IntakeForm(String nonce, Map<IntakeField, String> answers, Map<String, String> problems) {
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

  public boolean valid() {
    return problems.isEmpty();
  }

  public String answer(IntakeField field) {
    return answers.get(field);
  }

  /** @param values the form's fields (one value each; the last wins, as browsers send one) */
  public static IntakeForm check(Map<String, String> values, List<IntakeField> asked) {
    Map<String, String> problems = new LinkedHashMap<>();
    Map<IntakeField, String> answers = new LinkedHashMap<>();
    String nonce = values.get("nonce");
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      problems.put("nonce", "This form is out of date: please reload the page.");
    }
    for (String name : values.keySet()) {
      if (!"nonce".equals(name) && IntakeField.of(name).filter(asked::contains).isEmpty()) {
        problems.put(name, "This form does not ask for " + name + ".");
      }
    }
    for (IntakeField field : asked) {
      String value = values.getOrDefault(field.code(), "").strip();
      if (value.isEmpty()) {
        if (field == IntakeField.NEED) {
          problems.put(field.code(), "Please tell us what you need.");
        }
        continue;
      }
      if (field == IntakeField.URGENCY && !IntakeField.URGENCIES.contains(value)) {
        problems.put(field.code(), "Please choose one of the options.");
      } else if (value.codePointCount(0, value.length()) > field.maxLength()) {
        problems.put(field.code(), "Please keep this under " + field.maxLength() + " characters.");
      } else if (value.chars().anyMatch(c -> Character.isISOControl(c) && !(field == IntakeField.NEED
          && (c == '\n' || c == '\r' || c == '\t')))) {
        problems.put(field.code(), "Please remove the special characters.");
      } else {
        answers.put(field, value);
      }
    }
    return new IntakeForm(nonce, answers, problems);
  }
}

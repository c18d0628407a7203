package com.missedcall.recovery.intake;

import com.missedcall.recovery.callback.CallbackRequest;
import com.missedcall.recovery.callback.CallbackWindow;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A submitted intake form, checked against the fields the page asked: the nonce of the rendered form, then each
 * answer within its length, without control characters (line breaks allowed in the need), the urgency one of
 * {@link IntakeField#URGENCIES}, the need required. Fields the page did not ask are refused. Values are kept as
 * typed (trimmed): they are escaped wherever they are shown, never rewritten. With the callback time asked, the page
 * also offers a day ({@code callback_day}: today, tomorrow) and a part of it ({@code callback_part}), each optional.
 */
public record IntakeForm(String nonce, Map<IntakeField, String> answers, Map<String, String> problems,
                         CallbackWindow.Day callbackDay, CallbackWindow.Part callbackPart) {
  public static final String CALLBACK_DAY = "callback_day";
  public static final String CALLBACK_PART = "callback_part";
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

  public boolean valid() {
    return problems.isEmpty();
  }

  public String answer(IntakeField field) {
    return answers.get(field);
  }

  /**
   * When the caller would like a call back, read at {@code now} in the workspace's zone: the day and part of the day
   * they chose and what they typed, read together (typed times narrow the chosen day); null when they said nothing.
   * What they said is the choice in words followed by what they typed.
   */
  public CallbackRequest callback(ZonedDateTime now) {
    String typed = answer(IntakeField.CALLBACK_TIME);
    if (typed == null && callbackDay == null && callbackPart == null) {
      return null;
    }
    String chosen = String.join(" ", java.util.stream.Stream.of(
            callbackDay == null ? null : callbackDay == CallbackWindow.Day.TODAY ? "today" : "tomorrow",
            callbackPart == null ? null : callbackPart == CallbackWindow.Part.ANYTIME ? "any time" : callbackPart.code())
        .filter(java.util.Objects::nonNull).toList());
    if (typed == null) {
      CallbackWindow window = callbackDay != null
          ? CallbackWindow.of(callbackDay, callbackPart == null ? CallbackWindow.Part.ANYTIME : callbackPart, now)
          : CallbackWindow.parse(chosen, now).orElse(null);
      return new CallbackRequest(Character.toUpperCase(chosen.charAt(0)) + chosen.substring(1), window);
    }
    String said = chosen.isEmpty() ? typed : Character.toUpperCase(chosen.charAt(0)) + chosen.substring(1) + ", " + typed;
    return CallbackRequest.read(said, now);
  }

  /** @param values the form's fields (one value each; the last wins, as browsers send one) */
  public static IntakeForm check(Map<String, String> values, List<IntakeField> asked) {
    Map<String, String> problems = new LinkedHashMap<>();
    Map<IntakeField, String> answers = new LinkedHashMap<>();
    String nonce = values.get("nonce");
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      problems.put("nonce", "This form is out of date: please reload the page.");
    }
    boolean callback = asked.contains(IntakeField.CALLBACK_TIME);
    for (String name : values.keySet()) {
      boolean choice = callback && (CALLBACK_DAY.equals(name) || CALLBACK_PART.equals(name));
      if (!"nonce".equals(name) && !choice && IntakeField.of(name).filter(asked::contains).isEmpty()) {
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
    CallbackWindow.Day day = null;
    String dayValue = callback ? values.getOrDefault(CALLBACK_DAY, "").strip() : "";
    if (dayValue.equals("today") || dayValue.equals("tomorrow")) {
      day = CallbackWindow.Day.valueOf(dayValue.toUpperCase(java.util.Locale.ROOT));
    } else if (!dayValue.isEmpty()) {
      problems.put(CALLBACK_DAY, "Please choose one of the options.");
    }
    String partValue = callback ? values.getOrDefault(CALLBACK_PART, "").strip() : "";
    CallbackWindow.Part part = CallbackWindow.Part.of(partValue).orElse(null);
    if (part == null && !partValue.isEmpty()) {
      problems.put(CALLBACK_PART, "Please choose one of the options.");
    }
    return new IntakeForm(nonce, answers, problems, day, part);
  }
}

package com.missedcall.recovery.hours;

import java.util.List;

/**
 * A weekly schedule or a closure list that cannot be taken as it is, with every reason at once (each one a
 * sentence an owner understands: which day, which range, what is wrong). {@code code} is the API's stable
 * code: {@code invalid_hours} for the weekly schedule, {@code invalid_closures} for holidays and closures.
 */
public final class HoursRejected extends RuntimeException {
  private final String code;
  private final List<String> problems;

  public HoursRejected(String code, List<String> problems) {
    super(String.join("; ", problems), null, false, false);
    this.code = code;
    this.problems = List.copyOf(problems);
  }

  public String code() {
    return code;
  }

  public List<String> problems() {
    return problems;
  }
}

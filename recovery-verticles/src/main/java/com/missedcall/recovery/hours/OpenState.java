package com.missedcall.recovery.hours;

/** Whether a business is open at a moment: open, closed outside its weekly hours, or closed for a holiday. */
public enum OpenState {
  OPEN("open"),
  AFTER_HOURS("after_hours"),
  HOLIDAY("holiday");

  private final String code;

  OpenState(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public boolean open() {
    return this == OPEN;
  }
}

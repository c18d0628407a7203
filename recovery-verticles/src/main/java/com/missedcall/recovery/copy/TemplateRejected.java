package com.missedcall.recovery.copy;

/**
 * A text-back template that cannot be used: {@code unknown_template_variable} (a {@code {name}} that is not
 * one of {@link TemplateVariables#NAMES}) or {@code invalid_template} (a brace that opens no variable).
 * The message names the variable and the known ones, for a 400 an owner can act on.
 */
public final class TemplateRejected extends RuntimeException {
  private final String code;

  public TemplateRejected(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}

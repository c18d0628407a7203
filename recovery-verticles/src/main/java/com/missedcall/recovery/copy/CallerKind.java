package com.missedcall.recovery.copy;

/**
 * Who is calling, for the copy: a first-time caller, or a returning one (a lead that already had a
 * conversation with the business, or whose stage is won).
 */
public enum CallerKind {
  FIRST_TIME("first_time"),
  RETURNING("returning");

  private final String code;

  CallerKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static CallerKind of(String code) {
    for (CallerKind k : values()) {
      if (k.code.equals(code)) {
        return k;
      }
    }
    throw new IllegalArgumentException("not a caller kind: " + code);
  }
}

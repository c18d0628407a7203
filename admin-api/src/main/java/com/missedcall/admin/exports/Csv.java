package com.missedcall.admin.exports;

import com.missedcall.admin.http.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 4180 lines: a cell holding a comma, quote or line break is quoted (quotes doubled); lines end in CRLF.
 * A text cell that a spreadsheet would run as a formula ({@code = + - @}, tab, CR first) is prefixed with
 * {@code '}, except an E.164 phone number, which is only digits after its {@code +}.
 */
final class Csv {
  private static final Pattern PHONE = Pattern.compile("^\\+[0-9]{1,15}$");

  private Csv() {}

  static String line(List<?> cells) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    return out.append("\r\n").toString();
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof OffsetDateTime t) {
      return Json.timestamp(t);
    }
    if (!(value instanceof String text)) {
      return String.valueOf(value);
    }
    String safe = formulaLike(text) ? "'" + text : text;
    if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }

  private static boolean formulaLike(String text) {
    if (text.isEmpty()) {
      return false;
    }
    char first = text.charAt(0);
    boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    return risky && !PHONE.matcher(text).matches();
  }
}

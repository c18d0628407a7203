package com.missedcall.admin.http;

import com.missedcall.recovery.text.PercentDecoding;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The one check every admin request's path and query string pass before anything decodes them for
 * real: each name and value must be a valid percent-escape sequence of UTF-8 and hold no control
 * character (C0 except TAB, LF, CR; NUL among them, which PostgreSQL refuses in text). Anything else
 * is a 400 {@code invalid_query} / {@code invalid_path} with a fixed message, instead of a decoder's
 * exception or a database error surfacing as a 500 further down.
 */
public final class QueryGuard implements Handler<RoutingContext> {
  public static QueryGuard create() {
    return new QueryGuard();
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      checkPath(ctx.request().path());
      checkQuery(ctx.request().query());
    } catch (ApiProblem problem) {
      ctx.fail(problem);
      return;
    }
    ctx.next();
  }

  /** Throws a 400 {@link ApiProblem} when the raw query string cannot be decoded cleanly. */
  public static void checkQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      clean(eq < 0 ? pair : pair.substring(0, eq), "invalid_query", "query string");
      if (eq >= 0) {
        clean(pair.substring(eq + 1), "invalid_query", "query string");
      }
    }
  }

  /** Throws a 400 {@link ApiProblem} when a path segment cannot be decoded cleanly. */
  public static void checkPath(String rawPath) {
    if (rawPath == null) {
      return;
    }
    // '+' is a literal in a path: escape it so the form decoder does not read it as a space
    clean(rawPath.replace("+", "%2B"), "invalid_path", "path");
  }

  private static void clean(String raw, String code, String where) {
    String decoded;
    try {
      decoded = PercentDecoding.decode(raw);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid(code, "The " + where + " is not valid percent-encoded UTF-8");
    }
    if (PercentDecoding.hasControl(decoded)) {
      throw ApiProblem.invalid(code, "The " + where + " holds a control character");
    }
  }
}

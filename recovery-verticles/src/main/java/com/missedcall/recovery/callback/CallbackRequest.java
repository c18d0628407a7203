package com.missedcall.recovery.callback;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * What a lead told us about being called back: their words ({@code said}, kept as given, shortened to what the
 * lead holds) and the window they were read as, if any.
 */
public record CallbackRequest(String said, CallbackWindow window) {
  public static final int MAX_SAID = 100;

  public CallbackRequest {
    if (said != null) {
      said = said.strip().replaceAll("\\s+", " ");
      said = said.isEmpty() ? null : said.length() <= MAX_SAID ? said : said.substring(0, MAX_SAID - 3) + "...";
    }
  }

  /** What the caller wrote, read at {@code now} in the workspace's zone. */
  public static CallbackRequest read(String said, ZonedDateTime now) {
    return new CallbackRequest(said, CallbackWindow.parse(said, now).orElse(null));
  }

  public Optional<CallbackWindow> parsed() {
    return Optional.ofNullable(window);
  }

  public Instant from() {
    return window == null ? null : window.from().toInstant();
  }

  public Instant to() {
    return window == null ? null : window.to().toInstant();
  }

  /** For the team's texts: the window in words (with the caller's words when they said more), else their words. */
  public String words(ZonedDateTime now) {
    if (window == null) {
      return said;
    }
    return window.words(now);
  }
}

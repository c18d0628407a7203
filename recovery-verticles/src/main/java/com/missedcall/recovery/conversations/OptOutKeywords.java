package com.missedcall.recovery.conversations;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The compliance keywords, honoured before anything else looks at an inbound text. A keyword is the whole
 * message (as carriers and Twilio read it: "Stop" is one, "stop calling me" is not), compared without
 * case, whitespace, hyphens or trailing punctuation ("Stop.", " opt-out ", "STOP ALL"). Twilio's
 * {@code OptOutType} (Advanced Opt-Out) wins when present.
 */
public final class OptOutKeywords {
  public enum Keyword { STOP, START, HELP }

  /** A keyword and where it came from: 'keyword' (the body) or 'optout_type' (Twilio's parameter). */
  public record Match(Keyword keyword, String source) {
    public String code() {
      return keyword.name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Set<String> STOP_WORDS =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  public static final Set<String> START_WORDS = Set.of("START", "UNSTOP");
  public static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

  private OptOutKeywords() {}

  public static Optional<Match> classify(String body, String optOutType) {
    if (optOutType != null && !optOutType.isBlank()) {
      String type = optOutType.strip().toUpperCase(Locale.ROOT);
      for (Keyword k : Keyword.values()) {
        if (k.name().equals(type)) {
          return Optional.of(new Match(k, "optout_type"));
        }
      }
    }
    String word = normalise(body);
    if (STOP_WORDS.contains(word)) {
      return Optional.of(new Match(Keyword.STOP, "keyword"));
    }
    if (START_WORDS.contains(word)) {
      return Optional.of(new Match(Keyword.START, "keyword"));
    }
    if (HELP_WORDS.contains(word)) {
      return Optional.of(new Match(Keyword.HELP, "keyword"));
    }
    return Optional.empty();
  }

  static String normalise(String body) {
    if (body == null) {
      return "";
    }
    String s = body.toUpperCase(Locale.ROOT).replaceAll("[\\s\\-_]+", "");
    return s.replaceAll("^[\"'“”‘’]+|[.!\"'“”‘’]+$", "");
  }
}

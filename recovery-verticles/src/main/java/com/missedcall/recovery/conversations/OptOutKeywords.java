package com.missedcall.recovery.conversations;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The compliance keywords, honoured before anything else looks at an inbound text. A keyword is the whole
 * message (as carriers and Twilio read it: "Stop" is one, "stop calling me" is not), compared without
 * case, whitespace, hyphens or trailing punctuation ("Stop.", " opt-out ", "STOP ALL"). Twilio's
 * {@code OptOutType} (Advanced Opt-Out) wins when present.
 *
 * <p>Consent may also be revoked "by any reasonable means": a message that as a whole is a clear request to
 * stop ("Stop please", "please stop texting me", "¡STOP!", "unsubscribe me") is an opt-out with source
 * {@code free_text}. The list is conservative on purpose: the whole message, once stripped of punctuation,
 * politeness and the recipient ("me", "us"), must be one of the revocation phrases below, so a stop word
 * inside an unrelated sentence ("can you stop by tomorrow at 3", "the water won't stop leaking") is not one.
 */
public final class OptOutKeywords {
  public enum Keyword { STOP, START, HELP }

  /**
   * A keyword and where it came from: 'keyword' (the body is a carrier keyword), 'free_text' (the body is a
   * free-text revocation) or 'optout_type' (Twilio's parameter).
   */
  public record Match(Keyword keyword, String source) {
    public String code() {
      return keyword.name().toLowerCase(Locale.ROOT);
    }

    /** Twilio and the carriers do not see a free-text revocation: the gateway itself confirms it. */
    public boolean needsOwnConfirmation() {
      return keyword == Keyword.STOP && FREE_TEXT.equals(source);
    }
  }

  public static final String FREE_TEXT = "free_text";

  public static final Set<String> STOP_WORDS =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  public static final Set<String> START_WORDS = Set.of("START", "UNSTOP");
  public static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

  private static final String POLITE = "(?:please|pls|plz|kindly|ok|okay|hi|hello|hey|sorry|thanks|thank you|thx|ty"
      + "|now|asap|already|right now|i said|just|seriously)";
  private static final String CONTACT = "(?:text|txt|message|msg|sms|contact|call|email|spam)";
  private static final String CONTACTING = "(?:texting|txting|messaging|msging|contacting|calling|emailing|spamming"
      + "|sending (?:me |us )?(?:texts|text messages|messages|msgs|sms))";
  private static final String WHOM = "(?: me| us| this number| my number)?";
  private static final String AGAIN = "(?: (?:anymore|any more|again|ever again|now))?";
  private static final String LIST = "(?: (?:from|off) (?:this|these|your|the|ur|all) (?:list|texts|messages|number"
      + "|mailing list|texting list|sms list|contact list))?";
  private static final String REVOCATION = String.join("|",
      "stop(?: all| it| them| that)?",
      "(?:please )?stop " + CONTACTING + WHOM + AGAIN,
      "(?:i want to |i would like to |id like to )?unsubscribe" + WHOM + LIST,
      "opt" + WHOM + " out" + LIST,
      "(?:i want to |i would like to |id like to )?opt out" + LIST,
      "(?:remove|delete) (?:me|us|this number|my number)" + LIST,
      "take (?:me|us|this number|my number) off (?:this|your|the|ur|all) (?:list|texts|messages|mailing list"
          + "|texting list|contact list)",
      "(?:do not|dont|don't|never) " + CONTACT + WHOM + AGAIN,
      "no more (?:texts|text messages|messages|msgs|texting|sms)",
      "cancel (?:texts|messages|text messages|my subscription|subscription)",
      "(?:no|ya no|basta|alto)(?: (?:mas|más))? (?:mensajes|textos)",
      "(?:parar|alto|basta|baja|cancelar)");
  private static final Pattern FREE_TEXT_STOP = Pattern.compile(
      "^(?:" + POLITE + " )*(?:" + REVOCATION + ")(?: (?:" + REVOCATION + "))*(?: " + POLITE + ")*$");

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
    if (isFreeTextRevocation(body)) {
      return Optional.of(new Match(Keyword.STOP, FREE_TEXT));
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

  /** The whole message, read as words, is one of the revocation phrases. */
  static boolean isFreeTextRevocation(String body) {
    if (body == null || body.length() > 160) {
      return false;
    }
    String words = Normalizer.normalize(body, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
        .replaceAll("['’‘`]", "")
        .replaceAll("[^\\p{L}\\p{N}]+", " ")
        .strip();
    return !words.isEmpty() && FREE_TEXT_STOP.matcher(words).matches();
  }
}

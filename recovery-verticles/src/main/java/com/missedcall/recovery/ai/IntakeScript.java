package com.missedcall.recovery.ai;

import com.missedcall.recovery.conversations.IntakeStep;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The built-in intake, used when no model is configured or the model fails: asks in turn what the caller
 * needs, the address, how urgent it is and (unless it is an emergency) when to call back, storing each answer;
 * and answers a short set of common
 * replies sensibly (a greeting, thanks, "who is this?", questions about price, timing, hours or booking,
 * "never mind") without mistaking them for answers. Deterministic: the same input gives the same reply.
 */
public final class IntakeScript {

  /**
   * The reply, the step asked next, and what the caller's message answered (null fields: nothing new);
   * {@code callback}: their words for when to call back.
   */
  public record Turn(String reply, IntakeStep next, String need, String address, String urgency, String callback) {
    Turn(String reply, IntakeStep next, String need, String address, String urgency) {
      this(reply, next, need, address, urgency, null);
    }
  }

  /** What the script may tell the caller about the business. */
  public record Facts(String business, String hours, String bookingLink) {}

  private static final Pattern GREETING = Pattern.compile(
      "^(hi|hello|hey|hiya|yo|good (morning|afternoon|evening))( there)?[!. ]*$");
  private static final Pattern THANKS = Pattern.compile(
      "^(ok(ay)?[, ]*)?(thanks|thank you|thx|ty|cheers|great|perfect|sounds good|ok|okay|cool)( so much| very much)?[!. ]*$");
  private static final Pattern WHO = Pattern.compile("\\b(who is this|who's this|whos this|who are you|who is it)\\b");
  private static final Pattern NOT_NEEDED = Pattern.compile(
      "\\b(never ?mind|no longer need|don'?t need|not needed|all set|already fixed|sorted it|found someone|no thanks)\\b");
  private static final Pattern QUESTION_START = Pattern.compile(
      "^(how|what|when|where|can|could|do|does|are|is|will|would|who|why)\\b");
  private static final Pattern PRICE = Pattern.compile(
      "\\b(how much|price|prices|pricing|cost|costs|charge|charges|quote|estimate|rate|rates|fee|fees)\\b");
  private static final Pattern TIMING = Pattern.compile(
      "\\b(when can|how soon|how long|eta|what time|come (out|today|tomorrow|over)|get here|arrive|available)\\b");
  private static final Pattern HOURS = Pattern.compile("\\b(hours|open|close|closing|opening)\\b");
  private static final Pattern CALLBACK_WORDS = Pattern.compile("\\d|\\b(today|tonight|tomorrow|morning|afternoon|"
      + "evening|noon|mon|tue|wed|thu|fri|sat|sun)|\\b(any ?time|whenever|asap)\\b");
  private static final Pattern BOOKING = Pattern.compile("\\b(book|booking|appointment|schedule)\\b");

  private IntakeScript() {}

  /**
   * The answer to {@code message}, which answers the question asked at {@code step}.
   *
   * @param emergencyKnown the caller already said it is an emergency: the urgency question is skipped
   */
  public static Turn respond(IntakeStep step, String message, Facts facts, boolean emergencyKnown) {
    String text = message == null ? "" : message.strip().replaceAll("\\s+", " ");
    String lower = text.toLowerCase(Locale.ROOT);
    if (text.isEmpty()) {
      // a picture without words: we cannot look at it, so ask for the words
      return ask(step, "Thanks! Could you tell us in a few words? ", facts);
    }
    if (GREETING.matcher(lower).matches()) {
      return ask(step, "Hi! ", facts);
    }
    if (THANKS.matcher(lower).matches()) {
      return ask(step, "You're welcome! ", facts);
    }
    if (WHO.matcher(lower).find()) {
      return ask(step, "This is " + facts.business() + ". You called and we missed you, sorry about that! ", facts);
    }
    if (NOT_NEEDED.matcher(lower).find()) {
      return new Turn("No problem! If you need " + facts.business() + " later, just reply here or give us a call.",
          IntakeStep.DONE, null, null, null);
    }
    String answered = questionAnswer(lower, facts);
    if (answered != null && !answersStep(step, lower)) {
      return ask(step, answered, facts);
    }
    String prefix = answered == null ? "" : answered;
    return switch (step) {
      case NEED -> new Turn(prefix + "Thanks! " + question(IntakeStep.ADDRESS, facts), IntakeStep.ADDRESS,
          text, null, null);
      case ADDRESS -> emergencyKnown
          ? new Turn(prefix + thanks(facts), IntakeStep.DONE, null, text, null)
          : new Turn(prefix + "Got it. " + question(IntakeStep.URGENCY, facts), IntakeStep.URGENCY, null, text, null);
      case URGENCY -> {
        String urgency = urgency(lower, text);
        yield "emergency".equals(urgency)
            ? new Turn(prefix + thanks(facts), IntakeStep.DONE, null, null, urgency)
            : new Turn(prefix + "Got it. " + question(IntakeStep.CALLBACK, facts), IntakeStep.CALLBACK, null, null,
                urgency);
      }
      case CALLBACK -> new Turn(prefix + thanks(facts), IntakeStep.DONE, null, null, null, text);
      case DONE -> new Turn(prefix.isEmpty()
          ? "Thanks, we've passed that on. Someone from " + facts.business() + " will be in touch shortly."
          : prefix + question(IntakeStep.DONE, facts), IntakeStep.DONE, null, null, null);
    };
  }

  /** The next question (or, once done, the reassurance). */
  public static String question(IntakeStep step, Facts facts) {
    return switch (step) {
      case NEED -> "What can we help you with?";
      case ADDRESS -> "What's the address where you need the service?";
      case URGENCY -> "How urgent is it: an emergency, today, or can it wait a few days?";
      case CALLBACK -> "When's a good time for us to call you back? (e.g. today after 5, tomorrow morning)";
      case DONE -> "Someone from " + facts.business() + " will be in touch shortly.";
    };
  }

  /** 'emergency', 'today', 'this_week', 'flexible', or the caller's own words. */
  public static String urgency(String lower, String original) {
    if (lower.matches(".*\\b(not (urgent|an emergency)|no rush|whenever|no hurry|next week|flexible|any ?time)\\b.*")) {
      return "flexible";
    }
    if (lower.matches(".*\\b(emergency|urgent|asap|now|immediately|right away|flood\\w*|burst|gas|no heat)\\b.*")) {
      return "emergency";
    }
    if (lower.matches(".*\\b(today|tonight|this (morning|afternoon|evening)|soon)\\b.*")) {
      return "today";
    }
    if (lower.matches(".*\\b(tomorrow|this week|few days|couple (of )?days|can wait|wait)\\b.*")) {
      return "this_week";
    }
    return original.length() <= 60 ? original : original.substring(0, 57) + "...";
  }

  private static Turn ask(IntakeStep step, String prefix, Facts facts) {
    return new Turn(prefix + question(step, facts), step, null, null, null);
  }

  private static String thanks(Facts facts) {
    return "Thanks, that's everything we need. Someone from " + facts.business() + " will be in touch shortly.";
  }

  /** A short answer when the message is a question we know how to answer, else null. */
  private static String questionAnswer(String lower, Facts facts) {
    if (!lower.contains("?") && !QUESTION_START.matcher(lower).find()) {
      return null;
    }
    if (PRICE.matcher(lower).find()) {
      return "Pricing depends on the job, so someone from " + facts.business() + " will go over it with you. ";
    }
    if (TIMING.matcher(lower).find()) {
      return "Someone from " + facts.business() + " will confirm timing with you shortly. ";
    }
    if (HOURS.matcher(lower).find()) {
      return facts.hours() == null || facts.hours().isBlank()
          ? "Someone from " + facts.business() + " can confirm our hours. "
          : "Our hours: " + facts.hours() + ". ";
    }
    if (BOOKING.matcher(lower).find()) {
      return facts.bookingLink() == null || facts.bookingLink().isBlank()
          ? "Someone from " + facts.business() + " will set up a time with you. "
          : "You can book here: " + facts.bookingLink() + " ";
    }
    return null;
  }

  /** A question that also carries the answer to the step (a need described in a question, an address). */
  private static boolean answersStep(IntakeStep step, String lower) {
    return switch (step) {
      case NEED -> lower.split(" ").length >= 5;
      case ADDRESS -> lower.matches(".*\\d.*");
      case CALLBACK -> CALLBACK_WORDS.matcher(lower).find();
      case URGENCY, DONE -> false;
    };
  }
}

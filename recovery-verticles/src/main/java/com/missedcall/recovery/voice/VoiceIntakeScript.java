package com.missedcall.recovery.voice;

import com.missedcall.recovery.ai.IntakeScript;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The built-in voice intake: asks in turn what the caller needs, the address, how urgent it is and the best
 * time to call back, keeping each answer. Used when no model is configured, and for any turn the model fails or
 * is late on. Lines are short spoken sentences: no lists, no links. Deterministic.
 */
public final class VoiceIntakeScript {
  /** Words that make a need an emergency whatever the caller says next (the urgency question is skipped). */
  private static final Pattern EMERGENCY = Pattern.compile(
      "\\b(emergency|flood\\w*|burst|gas leak|smell gas|no heat|sparking|sparks|smoke|on fire|sewage|carbon monoxide)\\b");

  /** The spoken answer, the step it asks, and what the caller's words answered. */
  public record Turn(String say, VoiceStep next, VoiceFacts learned) {}

  private VoiceIntakeScript() {}

  public static String greeting(String business) {
    return "Hi, you've reached " + business + ". Sorry we missed your call. I'm an automated assistant, "
        + "and I can take your details for the team.";
  }

  public static String question(VoiceStep step) {
    return switch (step) {
      case NEED -> "What can we help you with?";
      case ADDRESS -> "What's the address where you need the service?";
      case URGENCY -> "How urgent is it? Is it an emergency, for today, or can it wait a few days?";
      case CALLBACK -> "What's the best time for us to call you back?";
      case DONE -> "";
    };
  }

  public static String closing(String business) {
    return "Thank you, that's everything. I've passed it on to " + business
        + ", and someone will call you back soon. Goodbye.";
  }

  public static String notHeard(VoiceStep step) {
    return "Sorry, I didn't catch that. " + question(step);
  }

  /** The caller said {@code words} in answer to {@code step}; {@code known} is what was captured before. */
  public static Turn respond(VoiceStep step, String words, VoiceFacts known) {
    String text = words == null ? "" : words.strip().replaceAll("\\s+", " ");
    String lower = text.toLowerCase(Locale.ROOT);
    VoiceFacts learned = switch (step) {
      case NEED -> new VoiceFacts(text, null, EMERGENCY.matcher(lower).find() ? "emergency" : null, null);
      case ADDRESS -> new VoiceFacts(null, text, EMERGENCY.matcher(lower).find() ? "emergency" : null, null);
      case URGENCY -> new VoiceFacts(null, null, IntakeScript.urgency(lower, text), null);
      case CALLBACK -> new VoiceFacts(null, null, null, text);
      case DONE -> new VoiceFacts(null, null, null, null);
    };
    VoiceFacts all = known.with(learned);
    VoiceStep next = VoiceStep.firstMissing(all);
    String ack = step == VoiceStep.NEED && all.emergency() ? "That sounds urgent. I'll flag it for the team. "
        : step == VoiceStep.NEED ? "Thanks. " : "Got it. ";
    return new Turn(next == VoiceStep.DONE ? "" : ack + question(next), next, learned);
  }

  /** An emergency in these words (used on the model's path too, so an urgent need always alerts). */
  public static boolean soundsUrgent(String words) {
    return words != null && EMERGENCY.matcher(words.toLowerCase(Locale.ROOT)).find();
  }
}

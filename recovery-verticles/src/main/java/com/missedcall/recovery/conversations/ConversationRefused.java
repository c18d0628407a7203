package com.missedcall.recovery.conversations;

/**
 * A conversation action the product refuses, with a stable code and a message a person understands:
 * {@code caller_opted_out} (409), {@code conversation_closed} (409), {@code conversation_not_found} (404),
 * {@code lead_not_found} (404), {@code no_number} (409), {@code lead_has_open_conversation} (409),
 * {@code empty_message} / {@code message_too_long} (400).
 */
public final class ConversationRefused extends RuntimeException {
  private final String code;
  private final int suggestedStatus;

  private ConversationRefused(String code, int suggestedStatus, String message) {
    super(message, null, false, false);
    this.code = code;
    this.suggestedStatus = suggestedStatus;
  }

  public static ConversationRefused optedOut() {
    return new ConversationRefused("caller_opted_out", 409,
        "The caller opted out of texts from this business (they replied STOP); no message can be sent to them "
            + "until they reply START.");
  }

  public static ConversationRefused closed() {
    return new ConversationRefused("conversation_closed", 409, "The conversation is closed.");
  }

  public static ConversationRefused notFound() {
    return new ConversationRefused("conversation_not_found", 404, "No such conversation in this workspace.");
  }

  public static ConversationRefused leadNotFound() {
    return new ConversationRefused("lead_not_found", 404, "No such lead in this workspace.");
  }

  public static ConversationRefused noNumber() {
    return new ConversationRefused("no_number", 409, "The workspace has no active number to text from.");
  }

  /** A closed conversation cannot be reopened while its lead has another one open (at most one is open per lead). */
  public static ConversationRefused leadHasOpenConversation() {
    return new ConversationRefused("lead_has_open_conversation", 409,
        "The lead already has another open conversation; continue there, or close it before reopening this one.");
  }

  public static ConversationRefused invalid(String code, String message) {
    return new ConversationRefused(code, 400, message);
  }

  public String code() {
    return code;
  }

  /** The HTTP status an API should answer with. */
  public int suggestedStatus() {
    return suggestedStatus;
  }
}

package com.missedcall.recovery.email;

import java.util.List;

/**
 * The notifications' words, as plain text and simple HTML with the same content. Every value from callers or
 * staff is HTML-escaped. The branded frame (business name, the link to the dashboard) is put around them when the
 * email is sent ({@link EmailFrame}).
 */
public final class EmailTemplates {
  private EmailTemplates() {}

  public static EmailContent urgent(String business, String caller, String words, long leadId) {
    return of("Urgent: " + caller + " needs " + business + " now",
        List.of("A caller said it is urgent.", "Caller: " + caller, "They wrote: \"" + words + "\""),
        "/#/leads/" + leadId);
  }

  /** An emergency the voice assistant heard on a missed call: what the caller needs, and where. */
  public static EmailContent voiceUrgent(String business, String caller, String need, String address, long leadId) {
    List<String> paragraphs = new java.util.ArrayList<>(List.of("A caller told the voice assistant it is urgent.",
        "Caller: " + caller, "They need: \"" + (need == null ? "" : need) + "\""));
    if (address != null && !address.isBlank()) {
      paragraphs.add("Address: " + address);
    }
    paragraphs.add("Please call them now.");
    return of("Urgent: " + caller + " needs " + business + " now", paragraphs, "/#/leads/" + leadId);
  }

  public static EmailContent voiceFailure(String business, String caller, long leadId) {
    return of("The voice assistant's AI failed on a call to " + business,
        List.of("The AI model did not answer " + caller + " in time on a missed call; the built-in voice script "
            + "took over.", "Check the lead and call them back if needed."),
        "/#/leads/" + leadId);
  }

  public static EmailContent aiFailure(String business, String caller, Long leadId) {
    return of("The AI could not answer a caller of " + business,
        List.of("The AI model did not answer " + caller + "; the built-in intake script replied instead.",
            "Check the conversation and reply yourself if needed."),
        leadId == null ? null : "/#/leads/" + leadId);
  }

  public static EmailContent sendingPaused(String business, int code) {
    return of("Texting paused for " + business,
        List.of("Carriers blocked " + business + "'s texts (Twilio " + code + ").",
            "Missed callers are not texted back until the number is fixed and sending is resumed in the dashboard."),
        "/#/overview");
  }

  public static EmailContent test(String business) {
    return of("Test notification from " + business,
        List.of("This is a test. Email notifications for " + business + " reach this address."), "/#/settings");
  }

  public static EmailContent newLead(String business, String caller, long leadId) {
    return of("New lead for " + business + ": " + caller,
        List.of("A missed caller became a lead: " + caller + "."), "/#/leads/" + leadId);
  }

  /** {@code closedNote}: how many missed calls came while the business was closed (null: none, or no hours set). */
  public static EmailContent dailySummary(String business, String day, long missed, String closedNote, long texted,
                                          long replied, long booked, long attention) {
    return of(business + " yesterday: " + missed + " missed call" + (missed == 1 ? "" : "s") + ", " + booked + " booked",
        List.of("Your summary for " + day + ":",
            "Missed calls: " + missed + (closedNote == null ? "" : " (" + closedNote + ")"), "Texted back: " + texted,
            "Replied: " + replied, "Booked: " + booked,
            "Needing attention now: " + attention),
        "/#/overview");
  }

  static EmailContent of(String subject, List<String> paragraphs, String linkPath) {
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder();
    for (String p : paragraphs) {
      text.append(p).append("\n\n");
      html.append("<p style=\"margin:0 0 12px\">").append(escape(p)).append("</p>");
    }
    return new EmailContent(subject, text.toString().strip(), html.toString(), linkPath);
  }

  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

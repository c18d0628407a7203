package com.missedcall.twiliosim;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** The form fields of {@code POST .../Messages.json} that the simulator understands. */
record CreateMessageRequest(
    String to,
    String from,
    String messagingServiceSid,
    String body,
    String statusCallback,
    List<String> mediaUrls) {

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final int MAX_BODY_CHARS = 1600;

  static CreateMessageRequest from(MultiMap form) {
    return new CreateMessageRequest(
        blankToNull(form.get("To")),
        blankToNull(form.get("From")),
        blankToNull(form.get("MessagingServiceSid")),
        blankToNull(form.get("Body")),
        blankToNull(form.get("StatusCallback")),
        form.getAll("MediaUrl"));
  }

  /** The error Twilio would answer with, or null when the request is acceptable. */
  TwilioApiException violation() {
    if (to == null) {
      return new TwilioApiException(400, 21604, "A 'To' phone number is required.");
    }
    if (!E164.matcher(to).matches()) {
      return new TwilioApiException(400, 21211, "Invalid 'To' Phone Number: " + to);
    }
    if (body == null && mediaUrls.isEmpty()) {
      return new TwilioApiException(400, 21602, "Message body is required.");
    }
    if (from == null && messagingServiceSid == null) {
      return new TwilioApiException(400, 21603, "A 'From' phone number is required.");
    }
    if (body != null && body.length() > MAX_BODY_CHARS) {
      return new TwilioApiException(
          400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    return null;
  }

  MessageRecord accept(String accountSid, Instant now) {
    String sid = Sids.newSid(mediaUrls.isEmpty() ? "SM" : "MM");
    SentMessage message = new SentMessage(
        sid, accountSid, from, to, body == null ? "" : body, statusCallback, now, SmsSegments.count(body));
    return new MessageRecord(message, messagingServiceSid, mediaUrls.size());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

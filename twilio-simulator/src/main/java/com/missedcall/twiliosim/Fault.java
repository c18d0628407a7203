package com.missedcall.twiliosim;

import java.time.Duration;
import java.util.Objects;

/** What a message-create request suffers instead of normal service; see {@link Faults#failNext}. */
public sealed interface Fault
    permits Fault.Status, Fault.DropBeforeAccept, Fault.DropAfterAccept, Fault.DelayAfterAccept {

  /** Answer with this HTTP status and Twilio error code; the message is not recorded. */
  static Fault status(int httpStatus, int twilioCode) {
    return new Status(httpStatus, twilioCode, defaultMessage(httpStatus));
  }

  /** As {@link #status(int, int)} with Twilio's {@code message} text of your choosing. */
  static Fault status(int httpStatus, int twilioCode, String message) {
    return new Status(httpStatus, twilioCode, message);
  }

  /** Close the connection without an answer; the message is not recorded. */
  static Fault dropBeforeAccept() {
    return new DropBeforeAccept();
  }

  /** Record the message as sent, then close the connection without an answer. */
  static Fault dropAfterAccept() {
    return new DropAfterAccept();
  }

  /** Record the message as sent, then answer 201 only after {@code delay}. */
  static Fault delayAfterAccept(Duration delay) {
    return new DelayAfterAccept(delay);
  }

  record Status(int httpStatus, int twilioCode, String message) implements Fault {
    public Status {
      Objects.requireNonNull(message, "message");
    }
  }

  record DropBeforeAccept() implements Fault {}

  record DropAfterAccept() implements Fault {}

  record DelayAfterAccept(Duration delay) implements Fault {
    public DelayAfterAccept {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("delay must be zero or positive");
      }
    }
  }

  private static String defaultMessage(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> "Bad Request";
      case 401 -> "Authenticate";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Simulated failure";
    };
  }
}

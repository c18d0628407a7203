package com.missedcall.twiliosim;

import io.vertx.core.json.JsonObject;

/** An answer in Twilio's error shape; raised by handlers and rendered by {@link TwilioErrors}. */
final class TwilioApiException extends RuntimeException {

  private final int httpStatus;
  private final int code;

  TwilioApiException(int httpStatus, int code, String message) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  static TwilioApiException notFound(String path) {
    return new TwilioApiException(404, 20404, "The requested resource " + path + " was not found");
  }

  static TwilioApiException badRequest(String message) {
    return new TwilioApiException(400, 20001, message);
  }

  int httpStatus() {
    return httpStatus;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("message", getMessage())
        .put("more_info", "https://www.twilio.com/docs/errors/" + code)
        .put("status", httpStatus);
  }
}

package com.missedcall.twiliosim;

/**
 * What Twilio reports in the call's debugger when a TwiML fetch goes wrong, with Twilio's error codes:
 * 11200 HTTP retrieval failure (non-2xx, timeout, connection refused), 12100 document parse failure (not XML),
 * 12200 schema validation (not a {@code <Response>}, an unknown verb, a bad attribute or nesting).
 * The call then ends, as Twilio ends it after saying "an application error has occurred".
 */
final class TwimlException extends RuntimeException {

  static final int HTTP_RETRIEVAL_FAILURE = 11200;
  static final int DOCUMENT_PARSE_FAILURE = 12100;
  static final int SCHEMA_VALIDATION = 12200;

  private final int code;
  private final String url;

  TwimlException(int code, String message) {
    this(code, message, null);
  }

  private TwimlException(int code, String message, String url) {
    super(message, null, false, false);
    this.code = code;
    this.url = url;
  }

  /** The same error, blamed on the document fetched from {@code documentUrl}. */
  TwimlException at(String documentUrl) {
    return url != null ? this : new TwimlException(code, getMessage(), documentUrl);
  }

  /** The URL whose document caused it; null for inline TwiML. */
  String url() {
    return url;
  }

  static TwimlException schema(String message) {
    return new TwimlException(SCHEMA_VALIDATION, message);
  }

  int code() {
    return code;
  }
}

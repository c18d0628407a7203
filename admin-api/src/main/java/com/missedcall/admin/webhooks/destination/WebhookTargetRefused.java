package com.missedcall.admin.webhooks.destination;

/**
 * A webhook URL the gateway will not deliver to: a stable {@code code}, a message for the agency that
 * never holds the resolved address, and the kind of address that was refused (null when the URL itself
 * was the problem). Expected, so without a stack trace.
 */
public final class WebhookTargetRefused extends RuntimeException {
  public static final String INVALID = "webhook_url_invalid";
  public static final String USERINFO = "webhook_url_userinfo";
  public static final String FORBIDDEN = "webhook_url_forbidden";

  private final String code;
  private final AddressKind kind;

  public WebhookTargetRefused(String code, String message, AddressKind kind) {
    super(message, null, false, false);
    this.code = code;
    this.kind = kind;
  }

  public String code() {
    return code;
  }

  /** The kind of address refused, or null. */
  public AddressKind kind() {
    return kind;
  }

  /** For logs and metrics: the address kind, or the code's last word. */
  public String reason() {
    return kind != null ? kind.code() : code.substring(code.lastIndexOf('_') + 1);
  }
}

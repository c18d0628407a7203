package com.missedcall.recovery.intake;

import io.vertx.core.json.JsonObject;

/**
 * Makes the intake link a text-back offers: {@code PUBLIC_BASE_URL/i/{token}}. The link itself is written by the
 * decision's transaction, from the decision's payload ({@link #payloadOf}), bound to the text-back's lead and
 * conversation.
 */
public final class IntakeLinks {
  public static final String PATH = "/i/";

  private final String publicBaseUrl;

  public IntakeLinks(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
        : publicBaseUrl;
  }

  public String url(IntakeToken token) {
    return publicBaseUrl + PATH + token.value();
  }

  /** What the decision's payload carries so {@code recovery_decide} stores the link with the text-back. */
  public static JsonObject payloadOf(IntakeToken token) {
    return new JsonObject().put("intake_token_sha256", token.sha256Hex());
  }
}

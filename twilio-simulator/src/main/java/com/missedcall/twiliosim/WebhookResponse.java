package com.missedcall.twiliosim;

import io.vertx.core.MultiMap;

/** What the webhook target answered. */
public record WebhookResponse(int statusCode, MultiMap headers, String body) {

  public boolean isSuccess() {
    return statusCode >= 200 && statusCode < 300;
  }
}

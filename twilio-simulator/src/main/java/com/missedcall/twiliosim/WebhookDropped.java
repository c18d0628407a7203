package com.missedcall.twiliosim;

/** A webhook the simulator did not deliver because webhooks are switched off (a lost request). */
public final class WebhookDropped extends RuntimeException {
  WebhookDropped(String url) {
    super("webhook to " + TwilioSignature.withoutFragment(url) + " dropped by the simulator", null, false, false);
  }
}

package com.missedcall.loadtests.load;

import io.vertx.core.buffer.Buffer;

/** One signed Twilio webhook ready to post: path, form body, X-Twilio-Signature, and whom it is about. */
public record Webhook(String path, Buffer body, String signature, String sid, String caller) {}

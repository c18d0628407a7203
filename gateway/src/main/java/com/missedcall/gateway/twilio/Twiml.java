package com.missedcall.gateway.twilio;

import com.missedcall.recovery.workspace.TrackedLine;
import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Say;
import io.vertx.ext.web.RoutingContext;

/** The TwiML answers of the voice routes, built with twilio-java's builders. */
final class Twiml {
  private static final String EMPTY = new VoiceResponse.Builder().build().toXml();

  private Twiml() {}

  /** Direct mode: ring the business phone, then report the outcome to the dial action. */
  static String dialBusiness(TrackedLine line, String actionUrl) {
    Dial dial = new Dial.Builder()
        .timeout(line.ringTimeoutSeconds())
        .action(actionUrl)
        .method(HttpMethod.POST)
        .number(new Number.Builder(line.businessPhone()).build())
        .build();
    return new VoiceResponse.Builder().dial(dial).build().toXml();
  }

  /** Forwarding mode: the business did not answer; tell the caller a text is on its way. */
  static String missedGreeting(TrackedLine line) {
    Say say = new Say.Builder("Sorry, " + line.businessName()
        + " couldn't take your call right now. We'll text you in a moment.").build();
    return new VoiceResponse.Builder().say(say).hangup(new Hangup.Builder().build()).build().toXml();
  }

  static void empty(RoutingContext ctx) {
    send(ctx, EMPTY);
  }

  static void send(RoutingContext ctx, String xml) {
    ctx.response().putHeader("Content-Type", "text/xml").end(xml);
  }
}

package com.missedcall.twiliosim;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.Locale;

/**
 * Twilio's Calls resource, create side: {@code POST .../Calls.json} with {@code To}, {@code From} and
 * {@code Url} or {@code Twiml} answers 201 with the call ({@code queued}, {@code outbound-api}); the callee
 * answers at once and the simulator plays the TwiML (fetching {@code Url} signed, as Twilio does), recording
 * what was said in the call's {@code /_sim/calls/{sid}} record; {@code StatusCallback} gets {@code completed}.
 * {@code From} must be one of the account's numbers or a verified caller ID (else 400, code 21210, as Twilio). A
 * call to a number with a voice route ({@link TwilioSimulator#routeNumber}: its Voice URL at Twilio) comes in
 * there as a caller's call from {@code From}, whose business does not answer (the no-answer script); this call
 * completes when that one ends.
 * Fetch is {@link CallsApi}'s. Mount before {@link MessagesApi}, whose catch-all answers 404. Faults:
 * {@link Faults#failNextCalls}; every create request is counted ({@link #requests()}), answered or not.
 */
final class OutboundCallsApi {

  private static final String CALLS = "/2010-04-01/Accounts/:AccountSid/Calls.json";
  private static final long MAX_FORM_BYTES = 64 * 1024;

  private final io.vertx.core.Vertx vertx;
  private final SimulatorState state;
  private final VoiceCaller caller;

  OutboundCallsApi(io.vertx.core.Vertx vertx, SimulatorState state, VoiceCaller caller) {
    this.vertx = vertx;
    this.state = state;
    this.caller = caller;
  }

  void mount(Router router, BasicAuthHandler auth) {
    router.post(CALLS).handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES)).handler(auth)
        .handler(this::create);
  }

  private void create(RoutingContext ctx) {
    state.callCreateRequests().incrementAndGet();
    Fault fault = state.faults().nextCallFault();
    if (fault instanceof Fault.Status status) {
      throw new TwilioApiException(status.httpStatus(), status.twilioCode(), status.message());
    }
    if (fault instanceof Fault.DropBeforeAccept) {
      ctx.request().connection().close();
      return;
    }
    String accountSid = ctx.pathParam("AccountSid");
    MultiMap form = ctx.request().formAttributes();
    String to = form.get("To");
    String from = form.get("From");
    String url = blankToNull(form.get("Url"));
    String twiml = blankToNull(form.get("Twiml"));
    if (to == null || to.isBlank()) {
      throw new TwilioApiException(400, 21201, "No 'To' number is specified");
    }
    if (from == null || from.isBlank()) {
      throw new TwilioApiException(400, 21213, "No 'From' number is specified");
    }
    if (url == null && twiml == null) {
      throw new TwilioApiException(400, 21205, "Url or Twiml is required (the simulator does not play ApplicationSid)");
    }
    if (!state.accounts().mayCallFrom(accountSid, from)) {
      throw new TwilioApiException(400, 21210,
          "The source phone number provided, " + from + ", is not yet verified for your account. You may only make "
              + "calls from phone numbers that you've verified or purchased from Twilio.");
    }
    String method = form.get("Method") == null ? "POST" : form.get("Method").toUpperCase(Locale.ROOT);
    String token = state.accounts().tokenOf(accountSid).orElseThrow();
    CallRecord call = new CallRecord(Sids.newSid("CA"), accountSid, null, from, to, "outbound-api", "queued",
        Instant.now(), null, 0);
    state.calls().put(call);
    if (fault instanceof Fault.DropAfterAccept) {
      ctx.request().connection().close();
    } else if (fault instanceof Fault.DelayAfterAccept delayed) {
      vertx.timer(Math.max(1, delayed.delay().toMillis())).onComplete(ignored -> {
        if (!ctx.response().closed()) {
          Responses.json(ctx, 201, CallJson.of(call));
        }
      });
    } else {
      Responses.json(ctx, 201, CallJson.of(call));
    }
    java.util.Optional<AccountRegistry.VoiceRoute> route = state.accounts().voiceRoute(to);
    if (route.isPresent() && state.accounts().hasNumber(accountSid, to)) {
      ringRoutedNumber(call, token, route.get());
      return;
    }
    caller.outbound(call, token, url, method, twiml, blankToNull(form.get("StatusCallback")),
        form.get("StatusCallbackMethod") == null ? "POST" : form.get("StatusCallbackMethod").toUpperCase(Locale.ROOT));
  }

  /** The call reaches one of the account's own numbers: it comes in at the number's Voice URL, from {@code From}. */
  private void ringRoutedNumber(CallRecord call, String token, AccountRegistry.VoiceRoute route) {
    VoiceCallLog leg = caller.inbound(new VoiceCaller.InboundCall(call.accountSid(), token, call.from(), call.to(),
        route.voiceUrl(), "POST", route.statusCallback(), "POST", VoiceScript.silentCaller()));
    state.calls().put(call.live("in-progress"));
    leg.whenEnded().onComplete(ended -> state.calls().put(new CallRecord(call.sid(), call.accountSid(), null,
        call.from(), call.to(), call.direction(), "completed", call.startTime(), Instant.now(), 0)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

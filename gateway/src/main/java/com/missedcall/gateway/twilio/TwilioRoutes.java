package com.missedcall.gateway.twilio;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** Mounts the Twilio webhook routes: body cap (64 KiB), strict form parsing, signature check, handler. */
public final class TwilioRoutes {
  public static final int BODY_LIMIT = 64 * 1024;

  private TwilioRoutes() {}

  public static void mount(Router router, SignatureCheck signatures, VoiceWebhooks voice, MessageStatusWebhook status) {
    route(router, "/twilio/voice/incoming", signatures, voice::incoming);
    route(router, "/twilio/voice/dial-action", signatures, voice::dialAction);
    route(router, "/twilio/voice/status", signatures, voice::status);
    route(router, "/twilio/messages/status", signatures, status::handle);
  }

  /**
   * Voice recovery's routes: a caller turn, the voicemail's recording, Twilio's transcription callback, and the
   * TwiML of an outbound alert call and its status callback.
   */
  public static void mountVoiceRecovery(Router router, SignatureCheck signatures, VoiceTurnWebhooks turns) {
    route(router, "/twilio/voice/turn", signatures, turns::turn);
    route(router, "/twilio/voice/recording", signatures, turns::recording);
    route(router, "/twilio/voice/transcription", signatures, turns::transcription);
    route(router, "/twilio/voice/alert-call", signatures, turns::alertCall);
    route(router, "/twilio/voice/alert-call/status", signatures, turns::alertCallStatus);
  }

  /** The inbound SMS route ("A message comes in"), through the same cap, parser and signature check. */
  public static void mountInboundSms(Router router, SignatureCheck signatures, InboundSmsWebhook inbound) {
    route(router, "/twilio/sms/inbound", signatures, inbound::handle);
  }

  private static void route(Router router, String path, SignatureCheck signatures, Handler<RoutingContext> handler) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    router.post(path)
        .handler(ctx -> {
          body.handle(ctx);
          // BodyHandler also switches on Netty's form decoder, whose refusals (a bad escape, an empty
          // name, a field over 8 KiB) would surface as 500s: TwilioForm is the one parser of these bodies
          if (!ctx.request().isEnded()) {
            ctx.request().setExpectMultipart(false);
          }
        })
        .handler(TwilioForm::parse)
        .handler(signatures::handle)
        .handler(handler);
  }
}

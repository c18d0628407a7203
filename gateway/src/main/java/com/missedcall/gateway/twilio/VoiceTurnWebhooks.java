package com.missedcall.gateway.twilio;

import com.missedcall.gateway.http.HttpProblem;
import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.StorageUnavailable;
import com.missedcall.recovery.calls.CallEvent;
import com.missedcall.recovery.calls.CallRoute;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.voice.VoiceRecoveryService;
import com.missedcall.recovery.workspace.NumberDirectory;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The routes voice recovery's own TwiML points Twilio at: a caller turn ({@code <Gather>}'s action, the turn number
 * in the query: {@code ?n=1}), the voicemail's recording ({@code <Record>}'s action) and Twilio's transcription
 * callback. Signed like every Twilio route; answered only once what they carry is durable.
 */
public final class VoiceTurnWebhooks {
  private static final String HANG_UP = new com.twilio.twiml.VoiceResponse.Builder()
      .hangup(new com.twilio.twiml.voice.Hangup.Builder().build()).build().toXml();

  private final NumberDirectory directory;
  private final VoiceRecoveryService voice;
  private final RecoveryMetrics metrics;

  public VoiceTurnWebhooks(NumberDirectory directory, VoiceRecoveryService voice, RecoveryMetrics metrics) {
    this.directory = directory;
    this.voice = voice;
    this.metrics = metrics;
  }

  public void turn(RoutingContext ctx) {
    long start = System.nanoTime();
    TwilioForm form = TwilioForm.of(ctx);
    CallEvent event = CallEvent.from(CallRoute.INCOMING, form.fields(), Instant.now(), start);
    Integer turn = turnNumber(ctx.request().getParam("n"));
    if (event.callSid() == null || event.to() == null || turn == null) {
      metrics.webhook("voice_turn", "rejected", start);
      ctx.fail(new HttpProblem(400, "missing_parameter", "CallSid, To and the turn number (n >= 1) are required"));
      return;
    }
    Double confidence = confidence(form.get("Confidence"));
    directory.find(event.to())
        .compose(line -> line.filter(l -> l.accountSid().equals(event.accountSid())).isPresent()
            ? voice.turn(line.get(), event, turn, form.get("SpeechResult"), confidence)
            : Future.succeededFuture((String) null))
        .timeout(VoiceWebhooks.ANSWER_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(twiml -> {
          if (twiml == null) {
            Twiml.empty(ctx);
            metrics.webhook("voice_turn", "unknown_number", start);
          } else {
            Twiml.send(ctx, twiml);
            metrics.webhook("voice_turn", "ok", start);
          }
        })
        .onFailure(err -> fail(ctx, "voice_turn", err, start));
  }

  public void recording(RoutingContext ctx) {
    long start = System.nanoTime();
    TwilioForm form = TwilioForm.of(ctx);
    String callSid = form.get("CallSid");
    String url = form.get("RecordingUrl");
    if (callSid == null || url == null) {
      Twiml.send(ctx, voice.afterRecording());
      metrics.webhook("voice_recording", "ignored", start);
      return;
    }
    voice.recording(form.get("AccountSid"), callSid, url, form.get("RecordingSid"))
        .onSuccess(v -> {
          Twiml.send(ctx, voice.afterRecording());
          metrics.webhook("voice_recording", "ok", start);
        })
        .onFailure(err -> fail(ctx, "voice_recording", err, start));
  }

  public void transcription(RoutingContext ctx) {
    long start = System.nanoTime();
    TwilioForm form = TwilioForm.of(ctx);
    String callSid = form.get("CallSid");
    String text = form.get("TranscriptionText");
    if (callSid == null || text == null || !"completed".equals(form.get("TranscriptionStatus"))) {
      ctx.response().setStatusCode(204).end();
      metrics.webhook("voice_transcription", "ignored", start);
      return;
    }
    voice.transcription(form.get("AccountSid"), callSid, text)
        .onSuccess(v -> {
          ctx.response().setStatusCode(204).end();
          metrics.webhook("voice_transcription", "ok", start);
        })
        .onFailure(err -> fail(ctx, "voice_transcription", err, start));
  }

  /**
   * An outbound alert call was answered: its TwiML reads the emergency's summary ({@code ?a=} the alert call's id,
   * for the account that placed it; anything else hangs up).
   */
  public void alertCall(RoutingContext ctx) {
    long start = System.nanoTime();
    TwilioForm form = TwilioForm.of(ctx);
    String raw = ctx.request().getParam("a");
    if (raw == null || !raw.matches("[1-9][0-9]{0,18}")) {
      metrics.webhook("voice_alert_call", "rejected", start);
      ctx.fail(new HttpProblem(400, "missing_parameter", "the alert call's id (a) is required"));
      return;
    }
    voice.alertCallTwiml(Long.parseLong(raw), form.get("AccountSid"))
        .onSuccess(twiml -> {
          Twiml.send(ctx, twiml.orElse(HANG_UP));
          metrics.webhook("voice_alert_call", twiml.isPresent() ? "ok" : "unknown_alert", start);
        })
        .onFailure(err -> fail(ctx, "voice_alert_call", err, start));
  }

  /** An outbound alert call ended: its final status and duration are recorded on the alert call ({@code ?a=}). */
  public void alertCallStatus(RoutingContext ctx) {
    long start = System.nanoTime();
    TwilioForm form = TwilioForm.of(ctx);
    String raw = ctx.request().getParam("a");
    String status = form.get("CallStatus");
    if (raw == null || !raw.matches("[1-9][0-9]{0,18}") || status == null) {
      metrics.webhook("voice_alert_call_status", "rejected", start);
      ctx.fail(new HttpProblem(400, "missing_parameter", "the alert call's id (a) and CallStatus are required"));
      return;
    }
    voice.alertCallEnded(Long.parseLong(raw), form.get("AccountSid"), status, seconds(form.get("CallDuration")))
        .onSuccess(v -> {
          ctx.response().setStatusCode(204).end();
          metrics.webhook("voice_alert_call_status", "ok", start);
        })
        .onFailure(err -> fail(ctx, "voice_alert_call_status", err, start));
  }

  private static Integer seconds(String raw) {
    return raw == null || !raw.matches("[0-9]{1,9}") ? null : Integer.valueOf(raw);
  }

  private void fail(RoutingContext ctx, String route, Throwable err, long start) {
    metrics.webhook(route, err instanceof Overloaded ? "shed" : "unavailable", start);
    ctx.fail(err instanceof Overloaded || err instanceof HttpProblem ? err : new StorageUnavailable(err));
  }

  static Integer turnNumber(String raw) {
    if (raw == null || !raw.matches("[1-9][0-9]{0,2}")) {
      return null;
    }
    return Integer.parseInt(raw);
  }

  private static Double confidence(String raw) {
    try {
      return raw == null ? null : Double.valueOf(raw);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

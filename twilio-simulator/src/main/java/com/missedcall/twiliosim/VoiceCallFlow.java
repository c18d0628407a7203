package com.missedcall.twiliosim;

import io.vertx.core.Future;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one call the way Twilio's voice engine does, against a gateway's TwiML: fetches the first document
 * (signed, form-encoded, 15 s per request), executes its verbs in order, and follows every verb that fetches a
 * new document ({@code <Gather>} with input, {@code <Dial action>}, {@code <Record>}, {@code <Redirect>}).
 * The people on the call follow a {@link VoiceScript}. The call ends at {@code <Hangup>}, {@code <Reject>}, the
 * end of a document, the caller hanging up, or a protocol error; then the status callback is sent, then any
 * recording-status and transcription callbacks (Twilio transcribes after the call).
 * Simulated time: a {@code <Say>} lasts 1 s plus a second per three words, a {@code <Pause>} its length, an
 * unanswered dial its timeout, a spoken turn 3 s, a silent one the gather's timeout, a recording its duration.
 */
final class VoiceCallFlow {

  private static final Logger LOG = LoggerFactory.getLogger(VoiceCallFlow.class);
  private static final int MAX_DOCUMENTS = 100;
  private static final Set<String> GATHER_INPUTS = Set.of("dtmf", "speech");

  /** A fetched TwiML document and the URL relative actions resolve against (null for inline Twiml). */
  private record Document(String url, List<TwimlVerb> verbs) {}

  /** The call ended; unwinds the verb loop. */
  private static final class Ended extends RuntimeException {
    Ended() {
      super(null, null, false, false);
    }
  }

  private final WebhookClient webhooks;
  private final CallStore calls;
  private final VoiceCallLog log;
  private final VoiceScript script;
  private final String authToken;
  private final String simulatorBase;
  private final String statusCallback;
  private final String statusCallbackMethod;
  private final List<Deferred> callbacksAfterCall = new ArrayList<>();
  private CallRecord call;
  private String callStatus = "ringing";
  private String finalStatus = "completed";
  private String endedBy = "end-of-document";
  private int seconds;
  private int documents;
  private int turn;

  private record Deferred(String kind, String url, String method, Map<String, String> params) {}

  VoiceCallFlow(WebhookClient webhooks, CallStore calls, VoiceCallLog log, VoiceScript script, String authToken,
                String simulatorBase, String statusCallback, String statusCallbackMethod, CallRecord call) {
    this.webhooks = webhooks;
    this.calls = calls;
    this.log = log;
    this.script = script;
    this.authToken = authToken;
    this.simulatorBase = simulatorBase;
    this.statusCallback = statusCallback;
    this.statusCallbackMethod = statusCallbackMethod == null ? "POST" : statusCallbackMethod;
    this.call = calls.put(call);
  }

  /** A caller's call to the gateway's number: "a call comes in" at {@code url} with CallStatus=ringing. */
  Future<Void> runInbound(String url, String method) {
    return finish(fetch("incoming", url, method, Map.of()).compose(this::execute));
  }

  /** A REST-created call the callee answered: {@code twiml} inline, else fetched from {@code url}. */
  Future<Void> runOutbound(String url, String method, String twiml) {
    callStatus = "in-progress";
    Future<Document> first;
    try {
      first = twiml != null
          ? Future.succeededFuture(new Document(null, TwimlParser.parse(twiml)))
          : fetch("answer", url, method, Map.of());
    } catch (TwimlException invalid) {
      first = Future.failedFuture(invalid);
    }
    return finish(first.compose(this::execute));
  }

  private Future<Void> execute(Document document) {
    return step(document, document.verbs(), 0);
  }

  private Future<Void> step(Document document, List<TwimlVerb> verbs, int index) {
    if (index >= verbs.size()) {
      return Future.succeededFuture();
    }
    TwimlVerb verb = verbs.get(index);
    Future<Document> next;
    try {
      next = play(document, verb);
    } catch (TwimlException invalid) {
      return Future.failedFuture(invalid.at(document.url()));
    } catch (Ended stop) {
      return Future.failedFuture(stop);
    }
    if (next == null) {
      return step(document, verbs, index + 1);
    }
    return next.compose(followed -> followed == null ? step(document, verbs, index + 1) : execute(followed));
  }

  /** Plays one verb: null to continue with the next one; a future of the next document (or null to continue). */
  private Future<Document> play(Document document, TwimlVerb verb) {
    switch (verb.name()) {
      case "Say" -> say(verb);
      case "Play" -> {
        log.assistant("Play", verb.text());
        seconds += 1;
      }
      case "Pause" -> seconds += verb.intAttr("length", 1);
      case "Hangup" -> throw ended("hangup", "completed");
      case "Reject" -> throw ended("reject", "busy");
      case "Gather" -> {
        return gather(document, verb);
      }
      case "Dial" -> {
        return dial(document, verb);
      }
      case "Record" -> {
        return record(document, verb);
      }
      case "Redirect" -> {
        return fetch("redirect", resolve(document, verb.text()), verb.method(), Map.of());
      }
      default -> throw TwimlException.schema("<" + verb.name() + "> is not a verb the simulator plays");
    }
    return null;
  }

  private void say(TwimlVerb verb) {
    log.assistant("Say", verb.text());
    seconds += 1 + verb.text().split(" ").length / 3;
  }

  private Future<Document> gather(Document document, TwimlVerb verb) {
    Set<String> inputs = inputsOf(verb);
    int timeout = verb.intAttr("timeout", 5);
    String speechTimeout = verb.attr("speechTimeout");
    if (speechTimeout != null && !"auto".equals(speechTimeout)) {
      verb.intAttr("speechTimeout", 0);
    }
    String action = resolve(document, verb.attr("action"));
    String method = verb.method();
    boolean actionOnEmpty = verb.boolAttr("actionOnEmptyResult");
    for (TwimlVerb nested : verb.children()) {
      play(document, nested);
    }
    turn++;
    log.gather(turn, verb.attributes(), action);
    if (script.hangUpAtTurn() != null && script.hangUpAtTurn() == turn) {
      throw ended("caller-hangup", "completed");
    }
    VoiceScript.Turn answer = script.turn(turn);
    Map<String, String> params = new LinkedHashMap<>();
    if (answer.speech() != null && inputs.contains("speech")) {
      log.caller("Gather", turn, answer.speech(), answer.confidence());
      seconds += 3;
      params.put("SpeechResult", answer.speech());
      params.put("Confidence", Double.toString(answer.confidence()));
    } else if (answer.digits() != null && inputs.contains("dtmf")) {
      log.caller("Gather", turn, answer.digits(), null);
      seconds += 2;
      params.put("Digits", answer.digits());
      params.put("FinishedOnKey", "");
    } else {
      log.caller("Gather", turn, null, null);
      seconds += timeout;
      if (!actionOnEmpty) {
        return null;
      }
    }
    return fetch("gather", action, method, params);
  }

  private static Set<String> inputsOf(TwimlVerb verb) {
    String input = verb.attr("input", "dtmf").toLowerCase(Locale.ROOT);
    Set<String> inputs = Set.of(input.split("\\s+"));
    if (!GATHER_INPUTS.containsAll(inputs)) {
      throw TwimlException.schema("<Gather> input=\"" + input + "\" is not dtmf, speech or \"dtmf speech\"");
    }
    return inputs;
  }

  private Future<Document> dial(Document document, TwimlVerb verb) {
    int timeout = verb.intAttr("timeout", 30);
    String action = verb.attr("action") == null ? null : resolve(document, verb.attr("action"));
    String method = verb.method();
    String number = verb.children().isEmpty() ? verb.text() : verb.children().get(0).text();
    boolean answered = "answered".equals(script.dial());
    String dialStatus = answered ? "completed" : script.dial();
    int duration = answered ? script.dialDurationSeconds() : 0;
    seconds += answered ? duration : "no-answer".equals(dialStatus) ? timeout : 1;
    CallRecord leg = calls.put(CallRecord.dialLeg(call, number, dialStatus, duration));
    log.dial(number, timeout, leg.sid(), dialStatus, duration);
    if (action == null) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("DialCallStatus", dialStatus);
    params.put("DialCallSid", leg.sid());
    params.put("DialCallDuration", Integer.toString(duration));
    params.put("DialBridged", Boolean.toString(answered));
    return fetch("dial-action", action, method, params);
  }

  private Future<Document> record(Document document, TwimlVerb verb) {
    String action = resolve(document, verb.attr("action"));
    String method = verb.method();
    int maxLength = verb.intAttr("maxLength", 3600);
    String transcribeCallback = verb.attr("transcribeCallback");
    boolean transcribe = verb.boolAttr("transcribe") || transcribeCallback != null;
    String recordingStatusCallback = verb.attr("recordingStatusCallback");
    VoiceScript.Recording recording = script.recording();
    int duration = Math.min(maxLength, recording.durationSeconds());
    seconds += duration;
    String recordingSid = Sids.newSid("RE");
    String recordingUrl = simulatorBase + "/2010-04-01/Accounts/" + call.accountSid() + "/Recordings/" + recordingSid;
    log.caller("Record", 0, recording.transcription().isEmpty() ? null : recording.transcription(), null);
    if (recordingStatusCallback != null) {
      Map<String, String> status = new LinkedHashMap<>();
      status.put("AccountSid", call.accountSid());
      status.put("CallSid", call.sid());
      status.put("RecordingSid", recordingSid);
      status.put("RecordingUrl", recordingUrl);
      status.put("RecordingStatus", "completed");
      status.put("RecordingDuration", Integer.toString(duration));
      status.put("RecordingChannels", "1");
      status.put("RecordingSource", "RecordVerb");
      status.put("RecordingStartTime", MessageJson.rfc2822(Instant.now()));
      callbacksAfterCall.add(new Deferred("recording-status", resolve(document, recordingStatusCallback),
          verb.attr("recordingStatusCallbackMethod", "POST"), status));
    }
    if (transcribe && transcribeCallback != null) {
      Map<String, String> transcription = callParams();
      String transcriptionSid = Sids.newSid("TR");
      transcription.put("TranscriptionSid", transcriptionSid);
      transcription.put("TranscriptionText", recording.transcription());
      transcription.put("TranscriptionStatus", recording.transcription().isEmpty() ? "failed" : "completed");
      transcription.put("TranscriptionUrl",
          simulatorBase + "/2010-04-01/Accounts/" + call.accountSid() + "/Transcriptions/" + transcriptionSid);
      transcription.put("RecordingSid", recordingSid);
      transcription.put("RecordingUrl", recordingUrl);
      callbacksAfterCall.add(new Deferred("transcription", resolve(document, transcribeCallback), "POST", transcription));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("RecordingUrl", recordingUrl);
    params.put("RecordingSid", recordingSid);
    params.put("RecordingDuration", Integer.toString(duration));
    return fetch("record-action", action, method, params);
  }

  /** Requests a TwiML document: logged, signed, checked (2xx, well-formed TwiML), parsed. */
  private Future<Document> fetch(String kind, String url, String method, Map<String, String> extra) {
    if (++documents > MAX_DOCUMENTS) {
      return Future.failedFuture(new TwimlException(TwimlException.SCHEMA_VALIDATION,
          "more than " + MAX_DOCUMENTS + " TwiML documents in one call (a redirect loop?)"));
    }
    Map<String, String> params = callParams();
    params.putAll(extra);
    callStatus = "in-progress";
    log.status(callStatus);
    return send(kind, url, method, params)
        .recover(failure -> Future.failedFuture(new TwimlException(TwimlException.HTTP_RETRIEVAL_FAILURE,
            "HTTP retrieval failure: " + method + " " + url + ": " + failure.getMessage())))
        .map(response -> {
          if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new TwimlException(TwimlException.HTTP_RETRIEVAL_FAILURE,
                "HTTP retrieval failure: " + method + " " + url + " answered " + response.statusCode());
          }
          return new Document(url, TwimlParser.parse(response.body()));
        })
        .recover(failure -> Future.failedFuture(failure instanceof TwimlException twiml ? twiml.at(url) : failure));
  }

  private Future<WebhookResponse> send(String kind, String url, String method, Map<String, String> params) {
    var entry = log.request(kind, method, url, params);
    Future<WebhookResponse> sent = "GET".equals(method)
        ? webhooks.get(url, params, authToken)
        : webhooks.post(url, params, authToken);
    return sent.onSuccess(response -> log.answered(entry, response.statusCode(), response.body()))
        .onFailure(failure -> log.unanswered(entry, String.valueOf(failure.getMessage())));
  }

  private Future<Void> finish(Future<Void> played) {
    return played.recover(this::stopped).compose(ignored -> {
      Instant end = call.startTime().plusSeconds(seconds);
      call = calls.put(new CallRecord(call.sid(), call.accountSid(), call.parentCallSid(), call.from(), call.to(),
          call.direction(), finalStatus, call.startTime(), end, "completed".equals(finalStatus) ? seconds : 0));
      LOG.info("voice call {} ended by {} after {} s, status {}", call.sid(), endedBy, seconds, finalStatus);
      Future<Void> chain = Future.succeededFuture();
      if (statusCallback != null) {
        chain = chain.compose(v -> callback("status-callback", statusCallback, statusCallbackMethod, statusParams()));
      }
      for (Deferred d : callbacksAfterCall) {
        chain = chain.compose(v -> callback(d.kind(), d.url(), d.method(), d.params()));
      }
      return chain;
    }).onComplete(ignored -> log.end(finalStatus, endedBy, seconds));
  }

  private Future<Void> stopped(Throwable failure) {
    if (failure instanceof Ended) {
      return Future.succeededFuture();
    }
    if (failure instanceof TwimlException twiml) {
      log.error(twiml.code(), twiml.getMessage(), twiml.url());
    } else {
      log.error(0, "simulator failure: " + failure, null);
      LOG.warn("voice call {} failed in the simulator", call.sid(), failure);
    }
    endedBy = "protocol-error";
    return Future.succeededFuture();
  }

  /** A callback whose answer is not TwiML: a non-2xx or lost request is a protocol error, not a stop. */
  private Future<Void> callback(String kind, String url, String method, Map<String, String> params) {
    return send(kind, url, method, params).<Void>map(response -> {
      if (response.statusCode() < 200 || response.statusCode() > 299) {
        log.error(TwimlException.HTTP_RETRIEVAL_FAILURE, kind + " answered " + response.statusCode(), url);
      }
      return null;
    }).recover(failure -> {
      log.error(TwimlException.HTTP_RETRIEVAL_FAILURE, kind + " not delivered: " + failure.getMessage(), url);
      return Future.succeededFuture();
    });
  }

  private Map<String, String> statusParams() {
    Map<String, String> params = callParams();
    params.put("CallStatus", finalStatus);
    params.put("CallDuration", Integer.toString("completed".equals(finalStatus) ? seconds : 0));
    params.put("Duration", Integer.toString("completed".equals(finalStatus) ? (seconds + 59) / 60 : 0));
    params.put("Timestamp", MessageJson.rfc2822(Instant.now()));
    params.put("CallbackSource", "call-progress-events");
    params.put("SequenceNumber", "0");
    return params;
  }

  private Map<String, String> callParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", call.accountSid());
    params.put("ApiVersion", TwilioPayloads.API_VERSION);
    params.put("CallSid", call.sid());
    params.put("CallStatus", callStatus);
    params.put("Direction", call.direction());
    params.put("From", call.from());
    params.put("To", call.to());
    params.put("Caller", call.from());
    params.put("Called", call.to());
    params.put("FromCountry", "US");
    params.put("ToCountry", "US");
    return params;
  }

  private Ended ended(String by, String status) {
    endedBy = by;
    finalStatus = status;
    return new Ended();
  }

  /** An action URL against the current document's (Twilio's default when the attribute is absent). */
  private static String resolve(Document document, String url) {
    if (url == null) {
      if (document.url() == null) {
        throw TwimlException.schema("no action URL and no document URL to default to (inline Twiml)");
      }
      return document.url();
    }
    URI target;
    try {
      target = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw TwimlException.schema("'" + url + "' is not a URL");
    }
    if (target.isAbsolute()) {
      return target.toString();
    }
    if (document.url() == null) {
      throw TwimlException.schema("relative URL '" + url + "' in inline Twiml");
    }
    return URI.create(document.url()).resolve(target).toString();
  }
}

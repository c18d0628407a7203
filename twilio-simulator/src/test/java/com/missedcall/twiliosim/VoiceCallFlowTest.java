package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.FakeVoiceGateway.response;
import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.FROM;
import static com.missedcall.twiliosim.TwilioApiClient.TOKEN;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class VoiceCallFlowTest {

  private static final String GREETING = "<Say>Hi, you reached the automated assistant for Acme Plumbing.</Say>";

  private TwilioSimulator simulator;
  private TwilioApiClient api;
  private FakeVoiceGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
    gateway = FakeVoiceGateway.start(vertx, TOKEN);
    gateway.on("/voice/incoming", response(
            "<Dial action=\"/voice/dial\" timeout=\"20\"><Number>+15550001111</Number></Dial>"))
        .on("/voice/dial", p -> response(GREETING, gather(1, "What do you need help with?"),
            "<Say>Sorry, I did not hear you.</Say>"))
        .on("/voice/turn", p -> "1".equals(p.get("n"))
            ? response("<Say>You said: " + p.get("SpeechResult") + ".</Say>", gather(2, "What is the address?"))
            : response("<Say>Thanks, we will call you back. Goodbye.</Say>", "<Hangup/>"))
        .on("/voice/status", p -> null);
  }

  private static String gather(int n, String prompt) {
    return "<Gather input=\"speech\" action=\"/voice/turn?n=" + n + "\" method=\"POST\" timeout=\"4\""
        + " speechTimeout=\"auto\" language=\"en-US\" hints=\"leak, boiler\"><Say>" + prompt + "</Say></Gather>";
  }

  @Test
  void aNoAnswerDialThenTwoSpokenTurnsAndAHangupGiveTwilioRequestSequenceAndTranscript() {
    JsonObject call = callAndWait(script()
        .put("turns", new JsonArray().add(speech("My water heater is leaking", 0.93)).add(speech("12 Main Street", 0.88))));

    assertThat(kinds(call)).containsExactly("incoming", "dial-action", "gather", "gather", "status-callback");
    JsonArray requests = call.getJsonArray("requests");
    JsonObject incoming = requests.getJsonObject(0).getJsonObject("params");
    assertThat(incoming.getString("CallSid")).isEqualTo(call.getString("callSid")).matches("CA[0-9a-f]{32}");
    assertThat(incoming.getString("CallStatus")).isEqualTo("ringing");
    assertThat(incoming.getString("Direction")).isEqualTo("inbound");
    assertThat(incoming.getString("AccountSid")).isEqualTo(ACCOUNT);
    assertThat(incoming.getString("From")).isEqualTo(CALLER);
    assertThat(incoming.getString("ApiVersion")).isEqualTo("2010-04-01");
    JsonObject dial = requests.getJsonObject(1);
    assertThat(dial.getString("url")).isEqualTo(gateway.url("/voice/dial"));
    assertThat(dial.getJsonObject("params").getString("DialCallStatus")).isEqualTo("no-answer");
    assertThat(dial.getJsonObject("params").getString("DialCallDuration")).isEqualTo("0");
    JsonObject turn1 = requests.getJsonObject(2);
    assertThat(turn1.getString("url")).isEqualTo(gateway.url("/voice/turn?n=1"));
    assertThat(turn1.getJsonObject("params").getString("SpeechResult")).isEqualTo("My water heater is leaking");
    assertThat(turn1.getJsonObject("params").getString("Confidence")).isEqualTo("0.93");
    JsonObject status = requests.getJsonObject(4).getJsonObject("params");
    assertThat(status.getString("CallStatus")).isEqualTo("completed");
    assertThat(Integer.parseInt(status.getString("CallDuration"))).isPositive();
    assertThat(lines(call)).containsExactly(
        "assistant: Hi, you reached the automated assistant for Acme Plumbing.",
        "assistant: What do you need help with?",
        "caller: My water heater is leaking",
        "assistant: You said: My water heater is leaking.",
        "assistant: What is the address?",
        "caller: 12 Main Street",
        "assistant: Thanks, we will call you back. Goodbye.");
    assertThat(call.getString("endedBy")).isEqualTo("hangup");
    JsonObject firstGather = call.getJsonArray("gathers").getJsonObject(0);
    assertThat(firstGather.getString("action")).isEqualTo(gateway.url("/voice/turn?n=1"));
    assertThat(firstGather.getJsonObject("attributes").getString("language")).isEqualTo("en-US");
    assertThat(firstGather.getJsonObject("attributes").getString("hints")).isEqualTo("leak, boiler");
    assertThat(call.getString("callStatus")).isEqualTo("completed");
    assertThat(call.getJsonArray("errors")).isEmpty();
    assertThat(gateway.badSignatures()).isZero();
  }

  @Test
  void silenceAtAGatherFallsThroughToTheNextVerbWithoutPostingTheAction() {
    JsonObject call = callAndWait(script().put("turns", new JsonArray().add(new JsonObject().put("silence", true))));

    assertThat(kinds(call)).containsExactly("incoming", "dial-action", "status-callback");
    assertThat(lines(call)).containsExactly(
        "assistant: Hi, you reached the automated assistant for Acme Plumbing.",
        "assistant: What do you need help with?",
        "caller: (silence)",
        "assistant: Sorry, I did not hear you.");
    assertThat(call.getString("endedBy")).isEqualTo("end-of-document");
  }

  @Test
  void aCallerWhoHangsUpAtTurnTwoIsNotFollowedByThatTurnsWebhook() {
    JsonObject call = callAndWait(script()
        .put("turns", new JsonArray().add(speech("A leak", 0.9)).add(speech("never said", 0.9)))
        .put("hangUpAtTurn", 2));

    assertThat(kinds(call)).containsExactly("incoming", "dial-action", "gather", "status-callback");
    assertThat(lines(call)).endsWith("assistant: What is the address?").doesNotContain("caller: never said");
    assertThat(call.getString("endedBy")).isEqualTo("caller-hangup");
    assertThat(call.getJsonArray("requests").getJsonObject(3).getJsonObject("params").getString("CallStatus"))
        .isEqualTo("completed");
  }

  @Test
  void aRecordPostsItsActionAndAfterTheCallTheTranscriptionCallback() {
    gateway.on("/voice/dial", response("<Say>Please leave a message after the tone.</Say>",
            "<Record action=\"/voice/recorded\" maxLength=\"60\" transcribe=\"true\""
                + " transcribeCallback=\"/voice/transcription\" recordingStatusCallback=\"/voice/recording\"/>"))
        .on("/voice/recorded", response("<Hangup/>"))
        .on("/voice/transcription", p -> null)
        .on("/voice/recording", p -> null);

    JsonObject call = callAndWait(script().put("recording",
        new JsonObject().put("durationSeconds", 12).put("transcription", "Please call me back about my boiler")));

    assertThat(kinds(call)).containsExactly(
        "incoming", "dial-action", "record-action", "status-callback", "recording-status", "transcription");
    JsonObject recorded = call.getJsonArray("requests").getJsonObject(2).getJsonObject("params");
    assertThat(recorded.getString("RecordingSid")).matches("RE[0-9a-f]{32}");
    assertThat(recorded.getString("RecordingUrl")).startsWith(simulator.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/RE");
    assertThat(recorded.getString("RecordingDuration")).isEqualTo("12");
    JsonObject transcription = call.getJsonArray("requests").getJsonObject(5).getJsonObject("params");
    assertThat(transcription.getString("TranscriptionText")).isEqualTo("Please call me back about my boiler");
    assertThat(transcription.getString("TranscriptionStatus")).isEqualTo("completed");
    assertThat(transcription.getString("RecordingSid")).isEqualTo(recorded.getString("RecordingSid"));
    assertThat(transcription.getString("CallSid")).isEqualTo(call.getString("callSid"));
    assertThat(gateway.badSignatures()).isZero();
  }

  @Test
  void twentyConcurrentCallsEachKeepTheirOwnCallSidAndTranscript() {
    List<Future<HttpResponse<Buffer>>> started = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      started.add(api.raw(HttpMethod.POST, "/_sim/calls").sendJsonObject(request(script().put("turns",
          new JsonArray().add(speech("need number " + i, 0.9)).add(speech("street " + i, 0.9))))));
    }
    List<JsonObject> calls = new ArrayList<>();
    started.forEach(f -> calls.add(await(f).bodyAsJsonObject()));

    assertThat(calls.stream().map(c -> c.getString("callSid")).distinct()).hasSize(20);
    for (int i = 0; i < 20; i++) {
      JsonObject call = calls.get(i);
      assertThat(lines(call)).contains("caller: need number " + i, "assistant: You said: need number " + i + ".",
          "caller: street " + i);
      assertThat(call.getJsonArray("requests").stream()
          .map(r -> ((JsonObject) r).getJsonObject("params").getString("CallSid")).distinct())
          .containsExactly(call.getString("callSid"));
    }
    assertThat(gateway.badSignatures()).isZero();
  }

  @Test
  void aCallCreatedThroughTheCallsApiWithTwimlIsAnsweredAndItsSayRecorded() throws Exception {
    HttpResponse<Buffer> created = await(api.raw(HttpMethod.POST,
            "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json")
        .basicAuthentication(ACCOUNT, TOKEN)
        .sendForm(TwilioApiClient.form("To", "+15550009999", "From", FROM,
            "Twiml", "<Response><Say>Urgent: a caller reported a gas leak at 12 Main Street.</Say></Response>",
            "StatusCallback", gateway.url("/voice/status"))));
    assertThat(created.statusCode()).isEqualTo(201);
    String sid = created.bodyAsJsonObject().getString("sid");
    assertThat(sid).matches("CA[0-9a-f]{32}");
    assertThat(created.bodyAsJsonObject().getString("status")).isEqualTo("queued");
    assertThat(created.bodyAsJsonObject().getString("direction")).isEqualTo("outbound-api");

    JsonObject record = simulator.voiceCalls().whenEnded(sid).await(10, TimeUnit.SECONDS);
    JsonObject fetched = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/Calls/" + sid + ".json").send())
        .bodyAsJsonObject();

    assertThat(fetched.getString("status")).isEqualTo("completed");
    assertThat(fetched.getString("to")).isEqualTo("+15550009999");
    assertThat(lines(record)).containsExactly("assistant: Urgent: a caller reported a gas leak at 12 Main Street.");
    assertThat(kinds(record)).containsExactly("status-callback");
    JsonObject shown = await(api.raw(HttpMethod.GET, "/_sim/calls/" + sid).send()).bodyAsJsonObject();
    assertThat(shown.getJsonArray("transcript")).isEqualTo(record.getJsonArray("transcript"));
  }

  @Test
  void aCallCreatedThroughTheCallsApiWithUrlFetchesItSignedAsAnAnsweredOutboundCall() throws Exception {
    gateway.on("/voice/alert", response("<Say>Voice recovery failed for a caller.</Say>"));
    HttpResponse<Buffer> created = await(api.raw(HttpMethod.POST,
            "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json")
        .basicAuthentication(ACCOUNT, TOKEN)
        .sendForm(TwilioApiClient.form("To", "+15550009999", "From", FROM, "Url", gateway.url("/voice/alert"))));
    String sid = created.bodyAsJsonObject().getString("sid");

    JsonObject record = simulator.voiceCalls().whenEnded(sid).await(10, TimeUnit.SECONDS);

    JsonObject answer = record.getJsonArray("requests").getJsonObject(0);
    assertThat(answer.getString("kind")).isEqualTo("answer");
    assertThat(answer.getJsonObject("params").getString("Direction")).isEqualTo("outbound-api");
    assertThat(answer.getJsonObject("params").getString("CallStatus")).isEqualTo("in-progress");
    assertThat(lines(record)).containsExactly("assistant: Voice recovery failed for a caller.");
    assertThat(gateway.badSignatures()).isZero();
  }

  @Test
  void aCallCreateFaultFailsTheNextCreateOnceWithoutACallAndTheOneAfterSucceeds() {
    simulator.faults().failNextCalls(1, Fault.status(500, 20500));

    HttpResponse<Buffer> failed = createTwimlCall("+15550009998");
    HttpResponse<Buffer> created = createTwimlCall("+15550009998");

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.bodyAsJsonObject().getInteger("code")).isEqualTo(20500);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(simulator.outboundCallsTo("+15550009998")).isEqualTo(1);
    assertThat(simulator.callCreateRequests()).isEqualTo(2);
  }

  @Test
  void aCallCreateDroppedAfterAcceptCreatesTheCallButAnswersNothing() {
    simulator.faults().failNextCalls(1, Fault.dropAfterAccept());

    Throwable dropped = org.assertj.core.api.Assertions.catchThrowable(() -> createTwimlCall("+15550009997"));

    assertThat(dropped).isNotNull();
    assertThat(simulator.outboundCallsTo("+15550009997")).isEqualTo(1);
  }

  private HttpResponse<Buffer> createTwimlCall(String to) {
    return await(api.raw(HttpMethod.POST, "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json")
        .basicAuthentication(ACCOUNT, TOKEN)
        .sendForm(TwilioApiClient.form("To", to, "From", FROM, "Twiml", "<Response><Say>Alert.</Say></Response>")));
  }

  @Test
  void aCallsApiCreateWithoutUrlOrTwimlIsRefusedInTwiliosShape() {
    HttpResponse<Buffer> refused = await(api.raw(HttpMethod.POST, "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json")
        .basicAuthentication(ACCOUNT, TOKEN)
        .sendForm(TwilioApiClient.form("To", "+15550009999", "From", FROM)));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getInteger("code")).isEqualTo(21205);
  }

  @Test
  void aRedirectWithMethodGetIsFollowedWithTheParametersInTheSignedQuery() {
    gateway.on("/voice/dial", response("<Redirect method=\"GET\">/voice/next</Redirect>"))
        .on("/voice/next", p -> response("<Say>Redirected for " + p.get("CallSid") + "</Say>"));

    JsonObject call = callAndWait(script());

    JsonObject redirect = call.getJsonArray("requests").getJsonObject(2);
    assertThat(redirect.getString("kind")).isEqualTo("redirect");
    assertThat(redirect.getString("method")).isEqualTo("GET");
    assertThat(lines(call)).containsExactly("assistant: Redirected for " + call.getString("callSid"));
    assertThat(gateway.badSignatures()).isZero();
  }

  @Test
  void anAnsweredDialWithoutActionContinuesWithTheNextVerb() {
    gateway.on("/voice/incoming", response("<Dial timeout=\"15\">+15550001111</Dial>", "<Say>After the call.</Say>"));

    JsonObject call = callAndWait(script().put("dial", "answered").put("dialDurationSeconds", 40));

    assertThat(call.getJsonArray("dials").getJsonObject(0).getString("dialCallStatus")).isEqualTo("completed");
    assertThat(call.getJsonArray("dials").getJsonObject(0).getString("number")).isEqualTo("+15550001111");
    assertThat(lines(call)).containsExactly("assistant: After the call.");
    assertThat(call.getInteger("durationSeconds")).isGreaterThanOrEqualTo(40);
  }

  @Test
  void invalidTwimlIsRecordedAsAProtocolErrorAndEndsTheCall() {
    gateway.on("/voice/dial", "<Response><Say>Hello<Say></Response>");

    JsonObject call = callAndWait(script());

    assertThat(call.getString("endedBy")).isEqualTo("protocol-error");
    JsonObject error = call.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("code")).isEqualTo(12100);
    assertThat(error.getString("url")).isEqualTo(gateway.url("/voice/dial"));
    assertThat(kinds(call)).containsExactly("incoming", "dial-action", "status-callback");
  }

  @Test
  void aNon2xxAnswerIsRecordedAsAnHttpRetrievalFailure() {
    gateway.on("/voice/dial", p -> {
      throw new IllegalStateException("gateway bug");
    });

    JsonObject call = callAndWait(script());

    JsonObject error = call.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("code")).isEqualTo(11200);
    assertThat(call.getJsonArray("requests").getJsonObject(1).getInteger("status")).isEqualTo(500);
  }

  @Test
  void anUnknownVerbIsASchemaError() {
    gateway.on("/voice/dial", response("<Sya>typo</Sya>"));

    JsonObject call = callAndWait(script());

    assertThat(call.getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(12200);
  }

  @Test
  void aBadGatherAttributeIsASchemaErrorBlamedOnItsDocument() {
    gateway.on("/voice/dial", response("<Gather input=\"voice\" action=\"/voice/turn?n=1\"><Say>Hi</Say></Gather>"));

    JsonObject call = callAndWait(script().put("turns", new JsonArray().add(speech("hello", 0.9))));

    JsonObject error = call.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("code")).isEqualTo(12200);
    assertThat(error.getString("url")).isEqualTo(gateway.url("/voice/dial"));
    assertThat(kinds(call)).containsExactly("incoming", "dial-action", "status-callback");
  }

  @Test
  void aCallWithoutWaitAnswersItsSidAndTheRecordIsReadableWhenItEnded() throws Exception {
    HttpResponse<Buffer> started = await(api.raw(HttpMethod.POST, "/_sim/calls")
        .sendJsonObject(request(script()).put("wait", false)));

    assertThat(started.statusCode()).isEqualTo(201);
    String sid = started.bodyAsJsonObject().getString("callSid");
    assertThat(started.bodyAsJsonObject().getString("uri")).isEqualTo("/_sim/calls/" + sid);
    simulator.voiceCalls().whenEnded(sid).await(10, TimeUnit.SECONDS);
    JsonObject shown = await(api.raw(HttpMethod.GET, "/_sim/calls/" + sid).send()).bodyAsJsonObject();
    assertThat(shown.getString("state")).isEqualTo("ended");
    assertThat(await(api.raw(HttpMethod.GET, "/_sim/calls/CA00000000000000000000000000000000").send()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aBadScriptIsRefusedWithAClearMessage() {
    HttpResponse<Buffer> refused = await(api.raw(HttpMethod.POST, "/_sim/calls")
        .sendJsonObject(request(new JsonObject().put("dial", "maybe"))));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("message")).contains("script.dial");
  }

  private JsonObject callAndWait(JsonObject script) {
    HttpResponse<Buffer> response = await(api.raw(HttpMethod.POST, "/_sim/calls").sendJsonObject(request(script)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private JsonObject request(JsonObject script) {
    return new JsonObject()
        .put("accountSid", ACCOUNT)
        .put("from", CALLER)
        .put("to", FROM)
        .put("url", gateway.url("/voice/incoming"))
        .put("statusCallback", gateway.url("/voice/status"))
        .put("script", script)
        .put("wait", true);
  }

  private static JsonObject script() {
    return new JsonObject().put("dial", "no-answer");
  }

  private static JsonObject speech(String text, double confidence) {
    return new JsonObject().put("speech", text).put("confidence", confidence);
  }

  private static List<String> kinds(JsonObject call) {
    return call.getJsonArray("requests").stream().map(r -> ((JsonObject) r).getString("kind")).toList();
  }

  private static List<String> lines(JsonObject call) {
    return call.getJsonArray("transcript").stream().map(e -> {
      JsonObject entry = (JsonObject) e;
      String text = entry.getBoolean("silence", false) ? "(silence)" : entry.getString("text");
      return entry.getString("speaker") + ": " + text;
    }).toList();
  }
}

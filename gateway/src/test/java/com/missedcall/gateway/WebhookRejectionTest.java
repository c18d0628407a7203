package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.gateway.twilio.TwilioRoutes;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.FormEncoding;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.TwilioSignature;
import com.missedcall.twiliosim.WebhookClient;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a Twilio webhook is refused, against a real gateway: each refusal answers with the
 * right status and a JSON body with a stable {@code code}, and writes nothing for the tenant.
 * The payloads are missed forwarded calls, which a gateway that let them through would record,
 * turn into a lead and queue a text for.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookRejectionTest {
  private static final String STATUS = "/twilio/voice/status";
  private static final String FORM = "application/x-www-form-urlencoded";
  private TestDatabase db;
  private GatewayUnderTest gw;
  private WebhookClient webhooks;
  private WebClient raw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    this.gw = GatewayUnderTest.start(db, redis, Map.of());
    this.webhooks = WebhookClient.create(gw.clientVertx());
    this.raw = WebClient.create(gw.clientVertx());
  }

  @AfterAll
  void stop() {
    raw.close();
    webhooks.close();
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).create());
  }

  private static Map<String, String> missedCall(TestTenant.Created t) {
    return TwilioPayloads.callStatus(t.accountSid(), TwilioPayloads.newCallSid(), TestTenant.randomNumber(),
        t.number(), "completed", 3);
  }

  private WebhookResponse postSigned(String path, Map<String, String> params, String signature) {
    return webhooks.postWithSignature(gw.url(path), params, signature).await();
  }

  private WebhookResponse postRaw(String path, String contentType, String body, String signature) {
    HttpRequest<Buffer> request = raw.postAbs(gw.url(path));
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    if (signature != null) {
      request.putHeader(TwilioSignature.HEADER, signature);
    }
    return request.sendBuffer(Buffer.buffer(body))
        .map(r -> new WebhookResponse(r.statusCode(), r.headers(), r.body() == null ? "" : r.bodyAsString()))
        .await();
  }

  private String signature(String token, String path, Map<String, String> params) {
    return TwilioSignature.signSingleValued(token, gw.url(path), params);
  }

  /** Rows of every table a webhook may write, for one workspace. */
  private long rowsOf(TestTenant.Created t) {
    long rows = 0;
    for (String table : List.of("calls", "leads", "jobs", "messages")) {
      rows += db.queryLong("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", t.workspaceId());
    }
    return rows;
  }

  private static String codeOf(WebhookResponse response) {
    assertThat(response.headers().get("Content-Type")).startsWith("application/json");
    return new JsonObject(response.body()).getString("code");
  }

  private static String randomToken() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  // --- signatures

  @Test
  void aWrongSignatureIsRefusedWith403AndWritesNothing() {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postSigned(STATUS, params, signature(t.authToken(), "/twilio/voice/other", params));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(codeOf(response)).isEqualTo("invalid_signature");
    assertThat(rowsOf(t)).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/twilio/voice/incoming", "/twilio/voice/dial-action", "/twilio/voice/status",
      "/twilio/messages/status"})
  void aGarbageSignatureIsRefusedWith403OnEveryTwilioRoute(String path) {
    TestTenant.Created t = tenant();

    WebhookResponse response = postSigned(path, missedCall(t), "WRONG_SIGNATURE");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(codeOf(response)).isEqualTo("invalid_signature");
  }

  @Test
  void aMissingSignatureIsRefusedWith400AndWritesNothing() {
    TestTenant.Created t = tenant();

    WebhookResponse response = postSigned(STATUS, missedCall(t), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(codeOf(response)).isEqualTo("missing_signature");
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aBlankSignatureIsRefusedWith400() {
    TestTenant.Created t = tenant();

    WebhookResponse response = postSigned(STATUS, missedCall(t), " ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(codeOf(response)).isEqualTo("missing_signature");
  }

  @Test
  void aSignatureMadeWithAnotherAccountsTokenIsRefusedWith403AndWritesNothing() {
    TestTenant.Created t = tenant();
    TestTenant.Created other = tenant();
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postSigned(STATUS, params, signature(other.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(codeOf(response)).isEqualTo("invalid_signature");
    assertThat(rowsOf(t)).isZero();
    assertThat(rowsOf(other)).isZero();
  }

  @Test
  void anUnknownAccountSidIsRefusedWith403AndWritesNothing() {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);
    params.put("AccountSid", "AC" + randomToken());

    WebhookResponse response = postSigned(STATUS, params, signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(codeOf(response)).isEqualTo("invalid_signature");
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aRequestWithoutAccountSidIsRefusedWith403() {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);
    params.remove("AccountSid");

    WebhookResponse response = postSigned(STATUS, params, signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(codeOf(response)).isEqualTo("invalid_signature");
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aParameterChangedAfterSigningIsRefusedWith403AndWritesNothing() {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);
    String signature = signature(t.authToken(), STATUS, params);
    params.put("From", TestTenant.randomNumber());

    WebhookResponse response = postSigned(STATUS, params, signature);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aRepeatedFormKeyIsRefusedWith403EvenWhenTheSignatureMatches() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    // the same value twice: twilio-node's de-duplicating signature then equals the single-valued one,
    // so only the repeated-key rule stands between this form and a recorded call
    Map<String, List<String>> params = Map.of(
        "AccountSid", List.of(t.accountSid()),
        "CallSid", List.of(TwilioPayloads.newCallSid()),
        "CallStatus", List.of("completed"),
        "From", List.of(caller, caller),
        "To", List.of(t.number()));
    StringBuilder body = new StringBuilder();
    params.forEach((name, values) -> values.forEach(value ->
        body.append(body.length() == 0 ? "" : "&").append(FormEncoding.encode(Map.of(name, value)))));

    WebhookResponse response = postRaw(STATUS, FORM, body.toString(),
        TwilioSignature.sign(t.authToken(), gw.url(STATUS), params));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(codeOf(response)).isEqualTo("invalid_signature");
    assertThat(rowsOf(t)).isZero();
  }

  // --- token rotation

  @Test
  void thePreviousTokenIsAcceptedDuringARotation() {
    String previous = randomToken();
    TestTenant.Created t = gw.register(TestTenant.in(db).previousToken(previous).create());
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postSigned(STATUS, params, signature(previous, STATUS, params));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND call_sid = ?",
        t.workspaceId(), params.get("CallSid"))).isEqualTo(1);
  }

  @Test
  void theCurrentTokenStillWorksDuringARotation() {
    TestTenant.Created t = gw.register(TestTenant.in(db).previousToken(randomToken()).create());
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postSigned(STATUS, params, signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(204);
  }

  @Test
  void aRandomOldTokenIsRefusedWith403DuringARotation() {
    TestTenant.Created t = gw.register(TestTenant.in(db).previousToken(randomToken()).create());
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postSigned(STATUS, params, signature(randomToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(codeOf(response)).isEqualTo("invalid_signature");
    assertThat(rowsOf(t)).isZero();
  }

  // --- the body itself

  @Test
  void aBodyOver64KiBIsRefusedWith413AndWritesNothing() {
    TestTenant.Created t = tenant();
    Map<String, String> params = paddedTo(missedCall(t), TwilioRoutes.BODY_LIMIT + 1);

    WebhookResponse response = postRaw(STATUS, FORM, FormEncoding.encode(params),
        signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(codeOf(response)).isEqualTo("body_too_large");
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aSignedBodyOfExactly64KiBIsAccepted() {
    TestTenant.Created t = tenant();
    Map<String, String> params = paddedTo(missedCall(t), TwilioRoutes.BODY_LIMIT);

    WebhookResponse response = postRaw(STATUS, FORM, FormEncoding.encode(params),
        signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(204);
  }

  /** Adds a parameter that brings the encoded form to exactly {@code bytes} bytes. */
  private static Map<String, String> paddedTo(Map<String, String> params, int bytes) {
    params.put("Pad", "");
    int missing = bytes - FormEncoding.encode(params).length();
    params.put("Pad", "a".repeat(missing));
    assertThat(FormEncoding.encode(params)).hasSize(bytes);
    return params;
  }

  @ParameterizedTest
  @ValueSource(strings = {"Body=%ZZ", "Body=100%", "=x", "Body=%C3%28"})
  void aMalformedFormIsRefusedWith400AndWritesNothing(String malformed) {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);
    String body = FormEncoding.encode(params) + "&" + malformed;

    WebhookResponse response = postRaw(STATUS, FORM, body, signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(codeOf(response)).isEqualTo("malformed_form");
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aJsonBodyIsRefusedWith415AndWritesNothing() {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postRaw(STATUS, "application/json", new JsonObject(new HashMap<>(params)).encode(),
        signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(codeOf(response)).isEqualTo("unsupported_media_type");
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aBodyWithoutContentTypeIsRefusedWith415() {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postRaw(STATUS, null, FormEncoding.encode(params),
        signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(codeOf(response)).isEqualTo("unsupported_media_type");
  }

  @Test
  void aFormContentTypeWithACharsetIsAccepted() {
    TestTenant.Created t = tenant();
    Map<String, String> params = missedCall(t);

    WebhookResponse response = postRaw(STATUS, FORM + "; charset=UTF-8", FormEncoding.encode(params),
        signature(t.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(204);
  }

  // --- numbers the request's account does not track

  @ParameterizedTest
  @ValueSource(strings = {"/twilio/voice/incoming", "/twilio/voice/dial-action", "/twilio/voice/status"})
  void anUnknownCalledNumberIsAnsweredWithEmptyTwimlAndWritesNothing(String path) {
    TestTenant.Created t = tenant();
    Map<String, String> params = TwilioPayloads.dialAction(t.accountSid(), TwilioPayloads.newCallSid(),
        TestTenant.randomNumber(), TestTenant.randomNumber(), "no-answer");
    // a final status, so every route looks the number up (progress callbacks are answered without a lookup)
    params.put("CallStatus", "completed");

    WebhookResponse response = postSigned(path, params, signature(t.authToken(), path, params));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).startsWith("text/xml");
    assertThat(response.body()).contains("<Response/>").doesNotContain("<Dial").doesNotContain("<Say");
    assertThat(rowsOf(t)).isZero();
  }

  @Test
  void aNumberOwnedByAnotherAccountIsTreatedAsUnknown() {
    TestTenant.Created caller = tenant();
    TestTenant.Created owner = tenant();
    Map<String, String> params = missedCall(owner);
    params.put("AccountSid", caller.accountSid());

    WebhookResponse response = postSigned(STATUS, params, signature(caller.authToken(), STATUS, params));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<Response/>");
    assertThat(rowsOf(caller)).isZero();
    assertThat(rowsOf(owner)).isZero();
  }
}

package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.FROM;
import static com.missedcall.twiliosim.TwilioApiClient.TOKEN;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.twiliosim.WebhookReceiver.Received;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WebhookClientTest {

  private WebhookClient webhooks;
  private WebhookReceiver gateway;

  @BeforeEach
  void start(Vertx vertx) {
    webhooks = WebhookClient.create(vertx);
    gateway = WebhookReceiver.start(vertx, TOKEN);
  }

  @AfterEach
  void close() {
    webhooks.close();
  }

  @Test
  void aPostedWebhookIsSignedFormEncodedAndItsAnswerReturned() {
    String callSid = TwilioPayloads.newCallSid();
    Map<String, String> params = TwilioPayloads.dialAction(ACCOUNT, callSid, CALLER, FROM, "no-answer");

    WebhookResponse response = await(webhooks.post(gateway.url("/twilio/voice/dial-action"), params, TOKEN));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.isSuccess()).isTrue();
    assertThat(response.body()).isEqualTo("<Response/>");
    Received received = gateway.received().get(0);
    assertThat(received.signatureValid()).isTrue();
    assertThat(received.contentType()).startsWith("application/x-www-form-urlencoded");
    assertThat(received.idempotencyToken()).isNotBlank();
    assertThat(received.params()).isEqualTo(params);
  }

  @Test
  void theFragmentIsStrippedBeforePostingAndSigning() {
    await(webhooks.post(gateway.url("/hook#rc=2&rp=5xx"), Map.of("CallSid", "CA1"), TOKEN));

    Received received = gateway.received().get(0);
    assertThat(received.uri()).isEqualTo("/hook");
    assertThat(received.signatureValid()).isTrue();
  }

  @Test
  void aDifferentSignedUrlModelsAGatewayBehindAProxy() {
    String publicUrl = "https://gateway.example.com/hook";
    Map<String, String> params = Map.of("CallSid", "CA1");

    await(webhooks.post(gateway.url("/hook"), publicUrl, params, TOKEN));

    Received received = gateway.received().get(0);
    assertThat(received.signatureValid()).isFalse();
    assertThat(received.signature()).isEqualTo(TwilioSignature.signSingleValued(TOKEN, publicUrl, params));
  }

  @Test
  void postWithSignatureSendsExactlyThatSignatureOrNone() {
    await(webhooks.postWithSignature(gateway.url("/hook"), Map.of("CallSid", "CA1"), "WRONG_SIGNATURE"));
    await(webhooks.postWithSignature(gateway.url("/hook"), Map.of("CallSid", "CA1"), null));

    assertThat(gateway.received()).extracting(Received::signature).containsExactly("WRONG_SIGNATURE", null);
  }

  @Test
  void aConnectionFailureFailsTheFuture() {
    assertThat(TwilioApiClient.failureOf(webhooks.post("http://127.0.0.1:1/hook", Map.of(), TOKEN))).isNotNull();
  }
}

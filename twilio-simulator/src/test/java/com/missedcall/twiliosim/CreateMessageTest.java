package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.FROM;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static com.missedcall.twiliosim.TwilioApiClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CreateMessageTest {

  private TwilioSimulator simulator;
  private TwilioApiClient api;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
  }

  @Test
  void anAcceptedMessageIsAnsweredWithA201MessageResource() {
    HttpResponse<Buffer> response = await(api.createMessage(form(
        "To", CALLER, "From", FROM, "Body", "Sorry we missed your call!",
        "StatusCallback", "https://gw.example.com/twilio/sms/status")));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject message = response.bodyAsJsonObject();
    String sid = message.getString("sid");
    assertThat(sid).matches("SM[0-9a-f]{32}");
    assertThat(message.getString("account_sid")).isEqualTo(ACCOUNT);
    assertThat(message.getString("to")).isEqualTo(CALLER);
    assertThat(message.getString("from")).isEqualTo(FROM);
    assertThat(message.getString("body")).isEqualTo("Sorry we missed your call!");
    assertThat(message.getString("status")).isEqualTo("queued");
    assertThat(message.getString("num_segments")).isEqualTo("1");
    assertThat(message.getString("num_media")).isEqualTo("0");
    assertThat(message.getString("direction")).isEqualTo("outbound-api");
    assertThat(message.getString("api_version")).isEqualTo("2010-04-01");
    assertThat(message.containsKey("price")).isTrue();
    assertThat(message.getValue("price")).isNull();
    assertThat(message.getValue("error_code")).isNull();
    assertThat(message.getValue("error_message")).isNull();
    String resource = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid;
    assertThat(message.getString("uri")).isEqualTo(resource + ".json");
    assertThat(message.getJsonObject("subresource_uris").getString("media")).isEqualTo(resource + "/Media.json");
  }

  @Test
  void datesAreRfc2822InGmtLikeTwilio() {
    JsonObject message = api.sendOk(CALLER, "hello");

    for (String field : new String[] {"date_created", "date_updated", "date_sent"}) {
      assertThat(message.getString(field)).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
      ZonedDateTime.parse(message.getString(field), DateTimeFormatter.RFC_1123_DATE_TIME);
    }
  }

  @Test
  void theAcceptedMessageIsRecorded() {
    JsonObject message = api.sendOk(CALLER, "hello");

    assertThat(simulator.messages()).singleElement().satisfies(sent -> {
      assertThat(sent.sid()).isEqualTo(message.getString("sid"));
      assertThat(sent.accountSid()).isEqualTo(ACCOUNT);
      assertThat(sent.from()).isEqualTo(FROM);
      assertThat(sent.to()).isEqualTo(CALLER);
      assertThat(sent.body()).isEqualTo("hello");
      assertThat(sent.segments()).isEqualTo(1);
      assertThat(sent.acceptedAt()).isNotNull();
    });
    assertThat(simulator.messagesTo(CALLER)).hasSize(1);
    assertThat(simulator.messagesTo("+15550000000")).isEmpty();
    assertThat(simulator.requestCount()).isEqualTo(1);
  }

  @Test
  void aLongUnicodeBodyReportsItsUcs2SegmentCount() {
    JsonObject message = api.sendOk(CALLER, "Désolé d’avoir manqué votre appel ".repeat(3));

    assertThat(message.getString("num_segments")).isEqualTo("2");
    assertThat(simulator.messages().get(0).segments()).isEqualTo(2);
  }

  @Test
  void aMessagingServiceSidReplacesFrom() {
    HttpResponse<Buffer> response = await(api.createMessage(form(
        "To", CALLER, "MessagingServiceSid", "MG" + "1".repeat(32), "Body", "hi")));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("messaging_service_sid")).isEqualTo("MG" + "1".repeat(32));
    assertThat(response.bodyAsJsonObject().getValue("from")).isNull();
  }

  @Test
  void aMessageWithoutToIsRejectedWithCode21604() {
    assertTwilioError(await(api.createMessage(form("From", FROM, "Body", "hi"))), 400, 21604);
  }

  @Test
  void aToNumberThatIsNotE164IsRejectedWithCode21211() {
    assertTwilioError(await(api.createMessage(form("To", "555-1234", "From", FROM, "Body", "hi"))), 400, 21211);
  }

  @Test
  void aMessageWithoutBodyIsRejectedWithCode21602() {
    assertTwilioError(await(api.createMessage(form("To", CALLER, "From", FROM))), 400, 21602);
  }

  @Test
  void aMessageWithMediaButNoBodyIsAccepted() {
    HttpResponse<Buffer> response = await(api.createMessage(
        form("To", CALLER, "From", FROM, "MediaUrl", "https://example.com/a.png")));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("sid")).startsWith("MM");
    assertThat(response.bodyAsJsonObject().getString("num_media")).isEqualTo("1");
  }

  @Test
  void aMessageWithoutFromIsRejectedWithCode21603() {
    assertTwilioError(await(api.createMessage(form("To", CALLER, "Body", "hi"))), 400, 21603);
  }

  @Test
  void aBodyOver1600CharactersIsRejectedWithCode21617() {
    assertTwilioError(await(api.send(CALLER, "x".repeat(1601))), 400, 21617);
  }

  @Test
  void rejectedRequestsAreNotRecorded() {
    await(api.createMessage(form("To", CALLER, "From", FROM)));

    assertThat(simulator.messages()).isEmpty();
    assertThat(simulator.requestCount()).isEqualTo(1);
  }

  @Test
  void aWrongAuthTokenIsRejectedWithCode20003() {
    HttpResponse<Buffer> response = await(api.raw(io.vertx.core.http.HttpMethod.POST,
            "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json")
        .basicAuthentication(ACCOUNT, "wrong-token")
        .sendForm(form("To", CALLER, "From", FROM, "Body", "hi")));

    assertTwilioError(response, 401, 20003);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic");
    assertThat(simulator.messages()).isEmpty();
  }

  @Test
  void missingCredentialsAreRejectedWithCode20003() {
    HttpResponse<Buffer> response = await(api.raw(io.vertx.core.http.HttpMethod.POST,
            "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json")
        .sendForm(form("To", CALLER, "From", FROM, "Body", "hi")));

    assertTwilioError(response, 401, 20003);
  }

  @Test
  void credentialsOfAnotherAccountAreRejectedWithCode20003() {
    String other = "AC" + "f".repeat(32);
    simulator.addAccount(other, "other-token");

    HttpResponse<Buffer> response = await(api.raw(io.vertx.core.http.HttpMethod.POST,
            "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json")
        .basicAuthentication(other, "other-token")
        .sendForm(form("To", CALLER, "From", FROM, "Body", "hi")));

    assertTwilioError(response, 401, 20003);
  }

  static void assertTwilioError(HttpResponse<Buffer> response, int status, int code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    JsonObject error = response.bodyAsJsonObject();
    assertThat(error.getInteger("code")).isEqualTo(code);
    assertThat(error.getInteger("status")).isEqualTo(status);
    assertThat(error.getString("message")).isNotBlank();
    assertThat(error.getString("more_info")).isEqualTo("https://www.twilio.com/docs/errors/" + code);
  }
}

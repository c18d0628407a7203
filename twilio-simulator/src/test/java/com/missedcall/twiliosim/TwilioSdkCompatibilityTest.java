package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.FROM;
import static com.missedcall.twiliosim.TwilioApiClient.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official twilio-java SDK against the simulator, its https://api.twilio.com requests routed
 * to the simulator's plain-HTTP port. The SDK blocks, which is fine on the JUnit thread.
 */
@ExtendWith(VertxExtension.class)
class TwilioSdkCompatibilityTest {

  private TwilioSimulator simulator;
  private TwilioRestClient twilio;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    HttpHost target = new HttpHost("http", "127.0.0.1", simulator.port());
    HttpClientBuilder routedToSimulator = HttpClientBuilder.create()
        .setRoutePlanner((host, context) -> new HttpRoute(target));
    twilio = new TwilioRestClient.Builder(ACCOUNT, TOKEN)
        .httpClient(new NetworkHttpClient(routedToSimulator))
        .build();
  }

  @Test
  void theSdkCreatesAMessageAndParsesTheResource() {
    Message message = Message.creator(new PhoneNumber(CALLER), new PhoneNumber(FROM), "Sorry we missed your call")
        .setStatusCallback("https://gw.example.com/twilio/sms/status")
        .create(twilio);

    assertThat(message.getSid()).matches("SM[0-9a-f]{32}");
    assertThat(message.getStatus()).isEqualTo(Message.Status.QUEUED);
    assertThat(message.getDirection()).isEqualTo(Message.Direction.OUTBOUND_API);
    assertThat(message.getNumSegments()).isEqualTo("1");
    assertThat(message.getDateCreated()).isNotNull();
    assertThat(message.getTo()).isEqualTo(CALLER);
    assertThat(simulator.messages()).singleElement()
        .satisfies(sent -> assertThat(sent.statusCallback()).isEqualTo("https://gw.example.com/twilio/sms/status"));
  }

  @Test
  void theSdkSeesAValidationErrorAsApiExceptionWithTheTwilioCode() {
    ApiException error = catchThrowableOfType(ApiException.class,
        () -> Message.creator(new PhoneNumber("12"), new PhoneNumber(FROM), "hi").create(twilio));

    assertThat(error.getCode()).isEqualTo(21211);
    assertThat(error.getStatusCode()).isEqualTo(400);
  }

  @Test
  void theSdkSeesARecipientRejectionAsApiExceptionWithTheTwilioCode() {
    simulator.faults().rejectRecipient(CALLER, 400, 21610, "Attempt to send to unsubscribed recipient");

    ApiException error = catchThrowableOfType(ApiException.class,
        () -> Message.creator(new PhoneNumber(CALLER), new PhoneNumber(FROM), "hi").create(twilio));

    assertThat(error.getCode()).isEqualTo(21610);
  }

  @Test
  void theSdkFetchesAMessage() {
    String sid = Message.creator(new PhoneNumber(CALLER), new PhoneNumber(FROM), "hi").create(twilio).getSid();

    assertThat(Message.fetcher(sid).fetch(twilio).getBody()).isEqualTo("hi");
  }

  @Test
  void theSdkReadsEveryPageOfAFilteredList() {
    for (int i = 0; i < 5; i++) {
      Message.creator(new PhoneNumber(CALLER), new PhoneNumber(FROM), "m" + i).create(twilio);
    }
    Message.creator(new PhoneNumber("+15550002222"), new PhoneNumber(FROM), "other").create(twilio);

    ResourceSet<Message> messages = Message.reader()
        .setTo(new PhoneNumber(CALLER))
        .setDateSentAfter(ZonedDateTime.now().minusDays(1))
        .pageSize(2)
        .read(twilio);
    List<String> bodies = new ArrayList<>();
    messages.forEach(message -> bodies.add(message.getBody()));

    assertThat(bodies).containsExactly("m4", "m3", "m2", "m1", "m0");
  }
}

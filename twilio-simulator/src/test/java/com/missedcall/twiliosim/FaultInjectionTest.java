package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.CreateMessageTest.assertTwilioError;
import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.FROM;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static com.missedcall.twiliosim.TwilioApiClient.failureOf;
import static com.missedcall.twiliosim.TwilioApiClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FaultInjectionTest {

  private static final Duration LONGER_THAN_ANY_TEST = Duration.ofMinutes(5);

  private TwilioSimulator simulator;
  private TwilioApiClient api;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
  }

  @Test
  void aStatusFaultAnswersWithThatStatusAndCodeAndRecordsNothing() {
    simulator.faults().failNext(1, Fault.status(429, 20429));

    assertTwilioError(await(api.send(CALLER, "hi")), 429, 20429);
    assertThat(simulator.messages()).isEmpty();
  }

  @Test
  void normalServiceResumesAfterTheNextNFaultedRequests() {
    simulator.faults().failNext(2, Fault.status(503, 20503));

    assertThat(await(api.send(CALLER, "1")).statusCode()).isEqualTo(503);
    assertThat(await(api.send(CALLER, "2")).statusCode()).isEqualTo(503);
    assertThat(await(api.send(CALLER, "3")).statusCode()).isEqualTo(201);
    assertThat(simulator.messages()).extracting(SentMessage::body).containsExactly("3");
    assertThat(simulator.requestCount()).isEqualTo(3);
  }

  @Test
  void queuedFaultsApplyInOrder() {
    simulator.faults().failNext(1, Fault.status(500, 20500)).failNext(1, Fault.status(429, 20429));

    assertThat(await(api.send(CALLER, "1")).statusCode()).isEqualTo(500);
    assertThat(await(api.send(CALLER, "2")).statusCode()).isEqualTo(429);
    assertThat(await(api.send(CALLER, "3")).statusCode()).isEqualTo(201);
  }

  @Test
  void dropBeforeAcceptClosesTheConnectionAndRecordsNothing() {
    simulator.faults().failNext(1, Fault.dropBeforeAccept());

    assertThat(failureOf(api.send(CALLER, "hi"))).isInstanceOf(HttpClosedException.class);
    assertThat(simulator.messages()).isEmpty();
    assertThat(simulator.requestCount()).isEqualTo(1);
  }

  @Test
  void dropAfterAcceptClosesTheConnectionButRecordsTheMessage() {
    simulator.faults().failNext(1, Fault.dropAfterAccept());

    assertThat(failureOf(api.send(CALLER, "hi"))).isInstanceOf(HttpClosedException.class);
    assertThat(simulator.messages()).extracting(SentMessage::body).containsExactly("hi");
  }

  @Test
  void aRetryAfterDropAfterAcceptProducesADuplicateLikeRealTwilio() {
    simulator.faults().failNext(1, Fault.dropAfterAccept());

    failureOf(api.send(CALLER, "hi"));
    assertThat(await(api.send(CALLER, "hi")).statusCode()).isEqualTo(201);

    assertThat(simulator.messagesTo(CALLER)).hasSize(2);
  }

  @Test
  void delayAfterAcceptRecordsTheMessageEvenWhenTheClientTimesOut() {
    simulator.faults().failNext(1, Fault.delayAfterAccept(LONGER_THAN_ANY_TEST));

    Throwable failure = failureOf(api.createMessage(form("To", CALLER, "From", FROM, "Body", "hi"), 300));

    assertThat(failure).isInstanceOf(TimeoutException.class);
    assertThat(simulator.messages()).extracting(SentMessage::body).containsExactly("hi");
  }

  @Test
  void delayAfterAcceptEventuallyAnswers201() {
    simulator.faults().failNext(1, Fault.delayAfterAccept(Duration.ofMillis(50)));

    HttpResponse<Buffer> response = await(api.send(CALLER, "hi"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("sid")).isEqualTo(simulator.messages().get(0).sid());
  }

  @Test
  void latencyHoldsTheAnswerBackOnATimer() {
    simulator.faults().latency(LONGER_THAN_ANY_TEST);

    Throwable failure = failureOf(api.createMessage(form("To", CALLER, "From", FROM, "Body", "hi"), 300));

    assertThat(failure).isInstanceOf(TimeoutException.class);
    assertThat(simulator.messages()).isEmpty();
  }

  @Test
  void aSmallLatencyStillAnswersNormally() {
    simulator.faults().latency(Duration.ofMillis(20));

    assertThat(await(api.send(CALLER, "hi")).statusCode()).isEqualTo(201);
  }

  @Test
  void aRejectedRecipientGetsTheConfiguredErrorEveryTime() {
    simulator.faults().rejectRecipient(CALLER, 400, 21610, "Attempt to send to unsubscribed recipient");

    HttpResponse<Buffer> first = await(api.send(CALLER, "hi"));
    HttpResponse<Buffer> second = await(api.send(CALLER, "hi again"));

    assertTwilioError(first, 400, 21610);
    assertTwilioError(second, 400, 21610);
    assertThat(first.bodyAsJsonObject().getString("message")).isEqualTo("Attempt to send to unsubscribed recipient");
    assertThat(simulator.messages()).isEmpty();
  }

  @Test
  void aRejectedRecipientDoesNotAffectOtherRecipients() {
    simulator.faults().rejectRecipient(CALLER, 400, 21614, "'To' number is not a valid mobile number");

    assertThat(await(api.send("+15550009999", "hi")).statusCode()).isEqualTo(201);
  }

  @Test
  void resetClearsRecordsAndFaults() {
    api.sendOk(CALLER, "hi");
    simulator.faults().failNext(5, Fault.status(500, 20500)).rejectRecipient(CALLER, 400, 21610, "unsubscribed");

    simulator.reset();

    assertThat(simulator.messages()).isEmpty();
    assertThat(simulator.requestCount()).isZero();
    assertThat(await(api.send(CALLER, "hi")).statusCode()).isEqualTo(201);
  }

  @Test
  void aListFaultAnswersTheNextMessageListsWithThatStatusAndLeavesCreateAlone() {
    api.sendOk(CALLER, "hi");
    simulator.faults().failNextLists(2, Fault.status(500, 20500));
    String list = "/2010-04-01/Accounts/" + TwilioApiClient.ACCOUNT + "/Messages.json";

    assertTwilioError(await(api.get(list).send()), 500, 20500);
    assertTwilioError(await(api.get(list).send()), 500, 20500);
    assertThat(await(api.send(CALLER, "created meanwhile")).statusCode()).isEqualTo(201);
    assertThat(await(api.get(list).send()).bodyAsJsonObject().getJsonArray("messages")).hasSize(2);
  }

  @Test
  void aDroppedListClosesTheConnectionUnanswered() {
    simulator.faults().failNextLists(1, Fault.dropBeforeAccept());

    assertThat(failureOf(api.get("/2010-04-01/Accounts/" + TwilioApiClient.ACCOUNT + "/Messages.json").send()))
        .isInstanceOf(HttpClosedException.class);
  }
}

package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.CALLER;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static com.missedcall.twiliosim.TwilioApiClient.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TwilioSimulatorTest {

  private TwilioSimulator simulator;
  private TwilioApiClient api;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
  }

  @Test
  void theBaseUrlNamesTheEphemeralPort() {
    assertThat(simulator.port()).isPositive();
    assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port());
  }

  @Test
  void awaitMessagesCompletesOnceEnoughMessagesWereAccepted() {
    Future<List<SentMessage>> awaited = simulator.awaitMessages(2, Duration.ofSeconds(5));
    api.sendOk(CALLER, "one");
    api.sendOk(CALLER, "two");

    assertThat(await(awaited)).extracting(SentMessage::body).containsExactly("one", "two");
  }

  @Test
  void awaitMessagesFailsWhenTheMessagesNeverCome() {
    assertThat(failureOf(simulator.awaitMessages(1, Duration.ofMillis(50))))
        .hasMessageContaining("Expected 1 messages, got 0");
  }

  @Test
  void aStoppedSimulatorNoLongerAnswers() {
    await(simulator.stop());

    assertThat(failureOf(api.send(CALLER, "hi"))).isNotNull();
  }
}

package com.missedcall.loadtests.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpenModelLoadTest {
  private static final String TOKEN = "test-token";

  @Test
  void everyRequestSentIsCountedOnceAsAcknowledgedShedErrorOrCutOff(Vertx vertx, VertxTestContext test) {
    AtomicInteger arrivals = new AtomicInteger();
    // answers in turn 204, 503, 403, and never
    server(vertx, (req, n) -> {
      switch (n % 4) {
        case 0 -> req.response().setStatusCode(204).end();
        case 1 -> req.response().setStatusCode(503).end();
        case 2 -> req.response().setStatusCode(403).end();
        default -> { }
      }
    }, arrivals)
        .compose(port -> OpenModelLoad.run(vertx, plan(port, 100, 0.2, 50, 500), missedCalls(port), true))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          Tally.Counts all = result.tally().all();
          assertThat(all.sent()).isEqualTo(20);
          assertThat(arrivals.get()).isEqualTo(20);
          assertThat(all.acknowledged()).isEqualTo(5);
          assertThat(all.shed()).isEqualTo(5);
          assertThat(all.errors()).isEqualTo(5);
          assertThat(all.cutOff()).isEqualTo(5);
          assertThat(all.accounted()).isTrue();
          assertThat(result.tally().errorKinds()).containsEntry("http 403", 5L);
          assertThat(result.tally().requests()).extracting(r -> r.state)
              .filteredOn(s -> s == Tally.State.CUT_OFF).hasSize(5);
          test.completeNow();
        })));
  }

  @Test
  void latencyCountsFromTheScheduledStartSoWaitingBehindSlowAnswersIsMeasured(Vertx vertx, VertxTestContext test) {
    long delayMs = 100;
    // one connection, 50 requests/s due every 20 ms, each answered 100 ms after it arrives: request k
    // cannot be answered before (k + 1) * 100 ms, though it was due at k * 20 ms
    server(vertx, (req, n) -> vertx.setTimer(delayMs, t -> req.response().setStatusCode(204).end()),
        new AtomicInteger())
        .compose(port -> OpenModelLoad.run(vertx, plan(port, 50, 0.2, 1, 5_000), missedCalls(port), true))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          Tally t = result.tally();
          assertThat(t.all().acknowledged()).isEqualTo(10);
          long lastDueMs = 9 * 20;
          long lastAnsweredNoEarlierThanMs = 10 * delayMs;
          assertThat(t.acknowledgedMicros().getMaxValue() / 1000)
              .isGreaterThanOrEqualTo(lastAnsweredNoEarlierThanMs - lastDueMs);
          // measured from when each was sent, every latency would be about 100 ms
          assertThat(t.acknowledgedMicros().getValueAtPercentile(50) / 1000).isGreaterThanOrEqualTo(5 * delayMs - 4 * 20);
          test.completeNow();
        })));
  }

  @Test
  void aClosedModelRunKeepsItsUsersBusyAndAccountsForEveryRequest(Vertx vertx, VertxTestContext test) {
    server(vertx, (req, n) -> req.response().setStatusCode(n % 10 == 0 ? 503 : 204).end(), new AtomicInteger())
        .compose(port -> OpenModelLoad.run(vertx, new LoadPlan(URI.create("http://127.0.0.1:" + port), 0, 4, 0.1, 0.3,
            4, 1, 5_000, 2_000), WebhookSourceTest.progress(port), false))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          Tally.Counts all = result.tally().all();
          assertThat(all.sent()).isPositive();
          assertThat(all.shed()).isPositive();
          assertThat(all.sent()).isEqualTo(all.acknowledged() + all.shed() + all.errors() + all.cutOff());
          assertThat(all.accounted()).isTrue();
          assertThat(result.tally().peakInFlight()).isLessThanOrEqualTo(4);
          test.completeNow();
        })));
  }

  private static LoadPlan plan(int port, double rate, double seconds, int connections, long drainMs) {
    return new LoadPlan(URI.create("http://127.0.0.1:" + port), rate, 0, 0, seconds, connections, 1, 10_000, drainMs);
  }

  private static WebhookSource missedCalls(int port) {
    return new WebhookSource(WebhookSource.Kind.MISSED, "AC00000000000000000000000000000b3c", TOKEN,
        "http://127.0.0.1:" + port, 10, 1, "test");
  }

  private static Future<Integer> server(Vertx vertx, BiConsumer<HttpServerRequest, Integer> answer,
                                        AtomicInteger arrivals) {
    return vertx.createHttpServer()
        .requestHandler(req -> req.body().onSuccess(b -> answer.accept(req, arrivals.getAndIncrement())))
        .listen(0, "127.0.0.1")
        .map(HttpServer::actualPort);
  }
}

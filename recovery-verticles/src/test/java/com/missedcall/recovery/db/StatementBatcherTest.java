package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.Overloaded;
import com.missedcall.recovery.RejectedData;
import com.missedcall.recovery.StorageUnavailable;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The group commit under the hot path, against a real PostgreSQL: each request inserts one row into
 * {@code batched} (the value, or a division by zero for 0), so what was written is read back from the table.
 */
@ExtendWith(RealServersExtension.class)
class StatementBatcherTest {
  private static final String INSERT = """
      INSERT INTO batched (v) SELECT 100 / x FROM unnest($1::int[]) WITH ORDINALITY AS u(x, ord) ORDER BY ord
      RETURNING v""";

  private Vertx vertx;
  private Pool pool;
  private TestDatabase db;
  private final AtomicInteger statements = new AtomicInteger();

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    db.execute("DROP TABLE IF EXISTS batched; CREATE TABLE batched (id bigserial PRIMARY KEY, v int NOT NULL)");
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(DatabaseUrl.parse(db.url()).connectOptions()).using(vertx).build();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    vertx.close().await();
  }

  /** Runs the insert; the first statement also sleeps {@code firstSleepMs} so later requests queue behind it. */
  private StatementBatcher<Integer, Integer> batcher(int maxQueued, Duration maxWait, long firstSleepMs) {
    return new StatementBatcher<>("test", 1, 64, maxQueued, maxWait.toNanos(), x -> 0, batch -> {
      int n = statements.incrementAndGet();
      Future<?> sleep = n == 1 && firstSleepMs > 0
          ? pool.query("SELECT pg_sleep(" + firstSleepMs / 1000.0 + ")").execute() : Future.succeededFuture();
      return sleep.compose(v -> pool.preparedQuery(INSERT).execute(Tuple.of(batch.toArray(Integer[]::new))))
          .map(rows -> {
            List<Integer> out = new ArrayList<>();
            for (Row r : rows) {
              out.add(r.getInteger("v"));
            }
            return out;
          });
    });
  }

  private StatementBatcher<Integer, Integer> budgeted(DatabaseBudget budget, Duration maxWait) {
    return new StatementBatcher<>("budgeted", 1, 64, 1_000, maxWait.toNanos(), x -> 0, batch -> {
      statements.incrementAndGet();
      return pool.preparedQuery(INSERT).execute(Tuple.of(batch.toArray(Integer[]::new))).map(rows -> {
        List<Integer> out = new ArrayList<>();
        for (Row r : rows) {
          out.add(r.getInteger("v"));
        }
        return out;
      });
    }, budget, WorkPriority.DECISION);
  }

  @Test
  void aLaneWaitsForABudgetPermitAndItsRequestsAreDroppedUnrunWhenNoneFreesInTime() {
    DatabaseBudget budget = new DatabaseBudget(vertx, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        new GradientLimit(1, 1, 1, 2.0, 100), 10, new DatabaseBudget.Waits(Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)));
    StatementBatcher<Integer, Integer> batcher = budgeted(budget, Duration.ofMillis(100));
    DatabaseBudget.Permit held = budget.acquire(WorkPriority.DECISION).await(); // something else has the database

    Future<Integer> late = batcher.submit(vertx, 5);
    Future.join(List.of(late)).otherwiseEmpty().await();

    assertThat(late.cause()).isInstanceOf(Overloaded.class);
    assertThat(db.queryLong("SELECT count(*) FROM batched")).isZero();
    held.release(false);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      results.add(batcher.submit(vertx, i));
    }
    Future.all(results).await();
    assertThat(db.queryLong("SELECT count(*) FROM batched")).isEqualTo(10);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> budget.inFlight(WorkPriority.DECISION) == 0);
  }

  @Test
  void aBudgetedLaneFeedsItsStatementsLatencyToTheLimit() {
    GradientLimit limit = new GradientLimit(4, 1, 4, 2.0, 100);
    DatabaseBudget budget = new DatabaseBudget(vertx, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        limit, 10, new DatabaseBudget.Waits(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30)));
    StatementBatcher<Integer, Integer> batcher = budgeted(budget, Duration.ofSeconds(10));

    batcher.submit(vertx, 1).await();

    // the permit is given back (and the sample taken) just after the answer
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limit.minLatencyNanos() > 0);
  }

  @Test
  void requestsArrivingWhileAStatementRunsShareTheNextStatement() {
    StatementBatcher<Integer, Integer> batcher = batcher(1_000, Duration.ofSeconds(10), 300);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      results.add(batcher.submit(vertx, i));
    }

    Future.all(results).await();

    assertThat(results).extracting(Future::result).containsExactlyElementsOf(
        java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(i -> 100 / i).toList());
    assertThat(statements.get()).isEqualTo(2); // the first request alone, then the 49 that queued behind it
    assertThat(db.queryLong("SELECT count(*) FROM batched")).isEqualTo(50);
  }

  @Test
  void aRequestThatFailsForItsOwnDataFailsAloneAndTheOthersInItsBatchCommit() {
    StatementBatcher<Integer, Integer> batcher = batcher(1_000, Duration.ofSeconds(10), 300);
    Future<Integer> first = batcher.submit(vertx, 5);
    Future<Integer> good = batcher.submit(vertx, 4);
    Future<Integer> bad = batcher.submit(vertx, 0);
    Future<Integer> alsoGood = batcher.submit(vertx, 2);

    Future.join(first, good, bad, alsoGood).otherwiseEmpty().await();

    assertThat(good.result()).isEqualTo(25);
    assertThat(alsoGood.result()).isEqualTo(50);
    assertThat(bad.cause()).isInstanceOf(RejectedData.class);
    assertThat(((RejectedData) bad.cause()).sqlState()).isEqualTo("22012");
    assertThat(db.queryLong("SELECT count(*) FROM batched")).isEqualTo(3);
  }

  @Test
  void aPoisonedRequestInAFullBatchIsRunAFewTimesAtMostAndAloneOnlyOnce() {
    List<List<Integer>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
    StatementBatcher<Integer, Integer> batcher = recordingBatcher(batches);
    Future<Integer> blocker = batcher.submit(vertx, 100);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 1; i <= 64; i++) {
      results.add(batcher.submit(vertx, i == 37 ? 0 : i));
    }

    Future.join(new ArrayList<Future<?>>(results)).otherwiseEmpty().await();
    blocker.await();

    for (int i = 1; i <= 64; i++) {
      Future<Integer> r = results.get(i - 1);
      if (i == 37) {
        assertThat(r.cause()).isInstanceOf(RejectedData.class);
      } else {
        assertThat(r.result()).as("request %d", i).isEqualTo(100 / i);
      }
    }
    long runsWithCulprit = batches.stream().filter(b -> b.contains(0)).count();
    long runsAlone = batches.stream().filter(b -> b.equals(List.of(0))).count();
    assertThat(runsWithCulprit).isLessThanOrEqualTo(1 + 6); // the batch, then one half per level of 64
    assertThat(runsAlone).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM batched")).isEqualTo(64); // the blocker and 63 good ones
  }

  @Test
  void aBatchWithoutAnAnswerFromPostgresFailsAsUnavailableWithoutRetries() {
    AtomicInteger calls = new AtomicInteger();
    StatementBatcher<Integer, Integer> batcher = new StatementBatcher<>("test", 1, 64, 1_000,
        Duration.ofSeconds(10).toNanos(), x -> 0, batch -> {
          calls.incrementAndGet();
          return batch.size() == 1 && batch.get(0) == 1
              ? pool.query("SELECT pg_sleep(0.3)").execute().map(rows -> List.of(1))
              : Future.failedFuture(new java.net.ConnectException("connection refused"));
        });
    Future<Integer> blocker = batcher.submit(vertx, 1);
    Future<Integer> a = batcher.submit(vertx, 2);
    Future<Integer> b = batcher.submit(vertx, 3);

    Future.join(blocker, a, b).otherwiseEmpty().await();

    assertThat(a.cause()).isInstanceOf(StorageUnavailable.class);
    assertThat(b.cause()).isInstanceOf(StorageUnavailable.class);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aWaitingRequestIsDroppedAtItsDeadlineWhileTheStatementAheadOfItStillRuns() {
    StatementBatcher<Integer, Integer> batcher = batcher(1_000, Duration.ofMillis(100), 3_000);
    Future<Integer> running = batcher.submit(vertx, 1);
    Future<Integer> expired = batcher.submit(vertx, 5);

    expired.otherwiseEmpty().await();

    assertThat(expired.cause()).isInstanceOf(Overloaded.class);
    assertThat(running.isComplete()).as("the statement ahead is still running").isFalse();
    assertThat(running.await()).isEqualTo(100);
    assertThat(db.queryLong("SELECT count(*) FROM batched WHERE v = 20")).isZero();
  }

  @Test
  void aRequestWhoseStatementStartedIsAnsweredFromItsOutcomeHoweverLongItTakes() {
    StatementBatcher<Integer, Integer> batcher = batcher(1_000, Duration.ofMillis(50), 500);

    Integer result = batcher.submit(vertx, 4).await();

    assertThat(result).isEqualTo(25);
    assertThat(db.queryLong("SELECT count(*) FROM batched WHERE v = 25")).isEqualTo(1);
  }

  /** Runs the insert and records every batch it was given; the first statement waits 300 ms. */
  private StatementBatcher<Integer, Integer> recordingBatcher(List<List<Integer>> batches) {
    return new StatementBatcher<>("recording", 1, 64, 1_000, Duration.ofSeconds(10).toNanos(), x -> 0, batch -> {
      batches.add(List.copyOf(batch));
      int n = statements.incrementAndGet();
      Future<?> sleep = n == 1 ? pool.query("SELECT pg_sleep(0.3)").execute() : Future.succeededFuture();
      return sleep.compose(v -> pool.preparedQuery(INSERT).execute(Tuple.of(batch.toArray(Integer[]::new))))
          .map(rows -> {
            List<Integer> out = new ArrayList<>();
            for (Row r : rows) {
              out.add(r.getInteger("v"));
            }
            return out;
          });
    });
  }

  @Test
  void aRequestBeyondTheQueueLimitIsShedWithoutBeingWritten() {
    StatementBatcher<Integer, Integer> batcher = batcher(2, Duration.ofSeconds(10), 300);
    Future<Integer> running = batcher.submit(vertx, 1);
    Future<Integer> queued1 = batcher.submit(vertx, 2);
    Future<Integer> queued2 = batcher.submit(vertx, 4);
    Future<Integer> shed = batcher.submit(vertx, 5);

    Future.join(running, queued1, queued2, shed).otherwiseEmpty().await();

    assertThat(shed.cause()).isInstanceOf(Overloaded.class);
    assertThat(List.of(running.result(), queued1.result(), queued2.result())).containsExactly(100, 50, 25);
    assertThat(db.queryLong("SELECT count(*) FROM batched WHERE v = 20")).isZero();
  }

  @Test
  void aRequestWhoseCallerStoppedWaitingIsDroppedInsteadOfRun() {
    StatementBatcher<Integer, Integer> batcher = batcher(1_000, Duration.ofMillis(100), 500);
    Future<Integer> running = batcher.submit(vertx, 1);
    Future<Integer> expired = batcher.submit(vertx, 5);

    Future.join(running, expired).otherwiseEmpty().await();

    assertThat(running.result()).isEqualTo(100);
    assertThat(expired.cause()).isInstanceOf(Overloaded.class).hasMessageContaining("gave up waiting");
    assertThat(db.queryLong("SELECT count(*) FROM batched WHERE v = 20")).isZero();
    assertThat(statements.get()).isEqualTo(1);
  }

  @Test
  void resultsAreDeliveredOnTheCallersContext() {
    StatementBatcher<Integer, Integer> batcher = batcher(1_000, Duration.ofSeconds(10), 0);
    io.vertx.core.Context caller = vertx.getOrCreateContext();
    io.vertx.core.Promise<Boolean> sameContext = io.vertx.core.Promise.promise();

    caller.runOnContext(v -> batcher.submit(vertx, 10)
        .onComplete(ar -> sameContext.complete(Vertx.currentContext() == caller)));

    assertThat(sameContext.future().await()).isTrue();
  }
}

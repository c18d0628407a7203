package com.missedcall.recovery.work;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.recovery.jobs.ClaimedJob;
import com.missedcall.recovery.jobs.JobQueue;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leased-work engine on a real PostgreSQL, through the jobs table's own claim statements: claims are
 * exclusive across engines, an expired lease is claimed again and the late settle of the old claim is refused
 * and counted, undeploy drains, the in-flight cap holds and resumes, a hand-off runs once, and a full batch is
 * followed by another sweep at once. Sweep timers are an hour long unless a test needs them: the test drives
 * the sweeps, so nothing depends on a clock.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseEngineTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration NEVER = Duration.ofHours(1);
  private static final AtomicInteger KINDS = new AtomicInteger();

  private TestDatabase db;
  private Vertx vertx;
  private Pool pool;
  private long workspaceId;
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final List<Promise<Void>> gates = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(TestDatabase db) {
    this.db = db;
    vertx = Vertx.vertx();
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    Migrations.apply(vertx, url).await();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(url.connectOptions()).using(vertx)
        .build();
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Leases') RETURNING id");
    workspaceId = db.queryLong("INSERT INTO workspaces (agency_id, name, timezone) VALUES (?, 'Leased Plumbing', 'UTC') "
        + "RETURNING id", agency);
  }

  @AfterEach
  void undeploy() {
    gates.forEach(Promise::tryComplete);
    gates.clear();
    deployments.forEach(id -> vertx.undeploy(id).otherwiseEmpty().await());
    deployments.clear();
  }

  @AfterAll
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void twoEnginesSharingATableNeverHandleTheSameJob() {
    String kind = newKind();
    queue(kind, 300);
    Map<Long, AtomicInteger> handled = new ConcurrentHashMap<>();
    Function<ClaimedJob, Future<Void>> count = job -> {
      handled.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
      return finish(job);
    };
    deploy(kind, Duration.ofMillis(20), 7, 50, count);
    deploy(kind, Duration.ofMillis(20), 7, 50, count);

    eventually(() -> done(kind) == 300);
    assertThat(handled).hasSize(300);
    assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void aJobWhoseLeaseExpiredIsClaimedAgainByAnotherEngine() {
    Reclaimed r = claimThenReclaimElsewhere();

    assertThat(r.second().attempts()).isEqualTo(r.first().attempts() + 1);
    assertThat(job("status", r.first().id())).isEqualTo("done");
    assertThat(job("attempts", r.first().id())).isEqualTo("2");
  }

  @Test
  void aSettleFromTheExpiredClaimIsRefusedCountedAndChangesNothing() {
    Reclaimed r = claimThenReclaimElsewhere();

    r.release().complete();
    eventually(() -> r.stalled().engine().staleSettles() == 1);
    assertThat(job("status", r.first().id())).isEqualTo("done");
    assertThat(job("attempts", r.first().id())).isEqualTo("2");
    assertThat(job("payload ->> 'settled_by'", r.first().id())).isEqualTo("second");
  }

  @Test
  void undeployWaitsForTheJobsInFlightToSettle() throws InterruptedException {
    String kind = newKind();
    long id = queue(kind, 1).get(0);
    Promise<Void> release = gate();
    AtomicBoolean entered = new AtomicBoolean();
    AtomicBoolean settled = new AtomicBoolean();
    LeasedWorker<ClaimedJob> worker = deploy(kind, NEVER, 10, 10, job -> {
      entered.set(true);
      return release.future().compose(v -> finish(job)).onSuccess(v -> settled.set(true));
    });
    assertThat(worker.engine().sweep().await()).isEqualTo(1);
    eventually(entered::get);

    String deployment = deployments.remove(0);
    Future<Boolean> settledWhenUndeployed = vertx.undeploy(deployment).map(v -> settled.get());
    Thread.sleep(200); // an undeploy that does not wait completes well within this
    release.complete();

    assertThat(settledWhenUndeployed.await()).isTrue();
    assertThat(job("status", id)).isEqualTo("done");
  }

  @Test
  void claimsStopAtTheInFlightCapAndResumeAsJobsFinish() {
    String kind = newKind();
    queue(kind, 8);
    Promise<Void> release = gate();
    AtomicInteger current = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    LeasedWorker<ClaimedJob> worker = deploy(kind, NEVER, 10, 3, job -> {
      peak.accumulateAndGet(current.incrementAndGet(), Math::max);
      Future<Void> gate = started.incrementAndGet() <= 3 ? release.future() : Future.succeededFuture();
      return gate.compose(v -> finish(job)).onComplete(ar -> current.decrementAndGet());
    });

    assertThat(worker.engine().sweep().await()).isEqualTo(3);
    assertThat(worker.engine().sweep().await()).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE kind = ? AND status = 'pending'", kind)).isEqualTo(5);

    release.complete();
    eventually(() -> done(kind) == 8);
    assertThat(peak.get()).isLessThanOrEqualTo(3);
  }

  @Test
  void aJobHandedOverAlreadyClaimedIsHandledOnceWhateverElseWakesForIt() {
    String kind = newKind();
    ClaimedJob job = claimedByTheDecision(kind);
    AtomicInteger handled = new AtomicInteger();
    Promise<Void> release = gate();
    LeasedWorker<ClaimedJob> worker = deploy(kind, NEVER, 10, 10, j -> {
      handled.incrementAndGet();
      return release.future().compose(v -> finish(j));
    });
    Instant startBy = Instant.now().plusSeconds(20);

    assertThat(worker.engine().handOff(job, startBy)).isTrue();
    assertThat(worker.engine().handOff(job, startBy)).isFalse();
    assertThat(worker.engine().wake(job.id()).await()).isZero();
    assertThat(worker.engine().sweep().await()).isZero();
    release.complete();

    eventually(() -> done(kind) == 1);
    assertThat(handled.get()).isEqualTo(1);
  }

  @Test
  void aHandOffPastItsStartByIsLeftForTheSweeperAfterTheLease() {
    String kind = newKind();
    ClaimedJob job = claimedByTheDecision(kind);
    AtomicInteger handled = new AtomicInteger();
    LeasedWorker<ClaimedJob> worker = deploy(kind, NEVER, 10, 10, j -> {
      handled.incrementAndGet();
      return finish(j);
    });

    assertThat(worker.engine().handOff(job, Instant.now().minusMillis(1))).isFalse();
    assertThat(worker.engine().sweep().await()).isZero();
    assertThat(handled.get()).isZero();
    assertThat(job("status", job.id())).isEqualTo("running");
  }

  @Test
  void aFullBatchIsFollowedAtOnceByAnotherSweep() {
    String kind = newKind();
    queue(kind, 10);
    LeasedWorker<ClaimedJob> worker = deploy(kind, NEVER, 4, 100, this::finish);

    assertThat(worker.engine().sweep().await()).isEqualTo(4);

    eventually(() -> done(kind) == 10);
  }

  /** One engine's claim stalls past its lease; another engine claims the job again and settles it. */
  private record Reclaimed(ClaimedJob first, ClaimedJob second, LeasedWorker<ClaimedJob> stalled,
                           Promise<Void> release) {}

  private Reclaimed claimThenReclaimElsewhere() {
    String kind = newKind();
    long id = queue(kind, 1).get(0);
    Promise<Void> release = gate();
    AtomicLong firstAttempt = new AtomicLong();
    List<ClaimedJob> claims = new CopyOnWriteArrayList<>();
    LeasedWorker<ClaimedJob> stalled = deploy(kind, NEVER, 10, 10, job -> {
      claims.add(job);
      firstAttempt.set(job.attempts());
      // whatever the late claim writes with its settle must be rolled back with it
      return release.future().compose(v -> pool.withTransaction(conn -> conn
          .query("UPDATE jobs SET payload = '{\"settled_by\": \"first\"}' WHERE id = " + job.id()).execute()
          .compose(rows -> JobQueue.finish(conn, job))));
    });
    assertThat(stalled.engine().sweep().await()).isEqualTo(1);
    eventually(() -> claims.size() == 1);
    // the first engine stalls past its lease (arranged in the row: no test waits for a clock)
    db.execute("UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = " + id);

    LeasedWorker<ClaimedJob> other = deploy(kind, NEVER, 10, 10, job -> {
      claims.add(job);
      return pool.withTransaction(conn -> conn
          .query("UPDATE jobs SET payload = '{\"settled_by\": \"second\"}' WHERE id = " + job.id()).execute()
          .compose(rows -> JobQueue.finish(conn, job)));
    });
    assertThat(other.engine().sweep().await()).isEqualTo(1);
    eventually(() -> "done".equals(job("status", id)));
    return new Reclaimed(claims.get(0), claims.get(1), stalled, release);
  }

  private LeasedWorker<ClaimedJob> deploy(String kind, Duration sweepInterval, int batch, int maxInFlight,
                                          Function<ClaimedJob, Future<Void>> handler) {
    LeaseSettings settings = new LeaseSettings("lease_test", "lease_test", LEASE, sweepInterval, batch, maxInFlight,
        Duration.ofSeconds(30), null, null, null);
    LeasedWorker<ClaimedJob> worker = new LeasedWorker<>(pool, JobQueue.claims(List.of(kind)), settings,
        new SimpleMeterRegistry(), new InFlight()) {
      @Override
      protected Future<Void> handle(ClaimedJob job) {
        return handler.apply(job);
      }
    };
    deployments.add(vertx.deployVerticle(worker).await());
    return worker;
  }

  /** Holds handlers until the test completes it (or the test ends). */
  private Promise<Void> gate() {
    Promise<Void> gate = Promise.promise();
    gates.add(gate);
    return gate;
  }

  private Future<Void> finish(ClaimedJob job) {
    return pool.withTransaction(conn -> JobQueue.finish(conn, job));
  }

  private String newKind() {
    return "lease_test_" + KINDS.incrementAndGet();
  }

  private List<Long> queue(String kind, int n) {
    return pool.withTransaction(conn -> {
      Future<List<Long>> ids = Future.succeededFuture(new CopyOnWriteArrayList<>());
      for (int i = 0; i < n; i++) {
        ids = ids.compose(list -> JobQueue.insert(conn, workspaceId, kind, null, new JsonObject(), null)
            .map(id -> {
              list.add(id);
              return list;
            }));
      }
      return ids;
    }).await();
  }

  /** A job written already claimed (running, attempt 1, leased), as the decision writes its text-back. */
  private ClaimedJob claimedByTheDecision(String kind) {
    long id = db.queryLong("INSERT INTO jobs (workspace_id, kind, status, attempts, lease_until) "
        + "VALUES (?, ?, 'running', 1, now() + interval '30 seconds') RETURNING id", workspaceId, kind);
    return new ClaimedJob(id, workspaceId, kind, null, new JsonObject(), 1, Instant.now(), Instant.now());
  }

  private long done(String kind) {
    return db.queryLong("SELECT count(*) FROM jobs WHERE kind = ? AND status = 'done'", kind);
  }

  private String job(String expression, long id) {
    return db.queryString("SELECT (" + expression + ")::text FROM jobs WHERE id = ?", id);
  }

  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

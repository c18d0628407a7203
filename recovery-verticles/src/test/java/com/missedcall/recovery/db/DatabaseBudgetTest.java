package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.Overloaded;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-process budget of PostgreSQL work, against a real PostgreSQL: each piece of work inserts one row
 * into {@code budgeted}, so what ran is read back from the table. Permits are held by hand, so nothing
 * depends on how fast the machine is.
 */
@ExtendWith(RealServersExtension.class)
class DatabaseBudgetTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private Vertx vertx;
  private Pool pool;
  private TestDatabase db;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    db.execute("DROP TABLE IF EXISTS budgeted; CREATE TABLE budgeted (id bigserial PRIMARY KEY, what text NOT NULL)");
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4).setMaxWaitQueueSize(4))
        .connectingTo(DatabaseUrl.parse(db.url()).connectOptions()).using(vertx).build();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    vertx.close().await();
  }

  private DatabaseBudget budget(int limit, int queueLimit, Duration wait) {
    return new DatabaseBudget(vertx, registry, new GradientLimit(limit, 1, limit, 2.0, 100), queueLimit,
        new DatabaseBudget.Waits(wait, wait, wait, wait));
  }

  private Future<Void> insert(Pool view, String what) {
    return view.preparedQuery("INSERT INTO budgeted (what) VALUES ($1)").execute(Tuple.of(what)).mapEmpty();
  }

  private long rows(String what) {
    return db.queryLong("SELECT count(*) FROM budgeted WHERE what = ?", what);
  }

  private double shed(String priority, String reason) {
    return registry.get("recovery_admission_shed_total").tag("priority", priority).tag("reason", reason)
        .counter().count();
  }

  private static void settle(List<Future<Void>> all) {
    Future.join(new ArrayList<>(all)).otherwiseEmpty().await();
  }

  @Test
  void workBeyondTheQueueBoundIsShedAtOnceAndNeverRuns() {
    DatabaseBudget budget = budget(2, 3, LONG);
    DatabaseBudget.Permit a = budget.acquire(WorkPriority.DECISION).await();
    DatabaseBudget.Permit b = budget.acquire(WorkPriority.DECISION).await();
    Pool view = budget.pool(pool, WorkPriority.DECISION);

    List<Future<Void>> work = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      work.add(insert(view, "flood"));
    }

    assertThat(work.stream().filter(f -> f.failed() && f.cause() instanceof Overloaded)).hasSize(7);
    assertThat(budget.waiting(WorkPriority.DECISION)).isEqualTo(3);
    a.release(true);
    b.release(true);
    settle(work);
    assertThat(rows("flood")).isEqualTo(3);
    assertThat(work.stream().filter(Future::succeeded)).hasSize(3);
    assertThat(shed("decision", "queue_full")).isEqualTo(7.0);
  }

  @Test
  void aFreedPermitGoesToTheHighestPriorityWaiting() {
    DatabaseBudget budget = budget(1, 10, LONG);
    DatabaseBudget.Permit held = budget.acquire(WorkPriority.DECISION).await();
    List<String> order = new CopyOnWriteArrayList<>();
    Future<Void> background = insert(budget.pool(pool, WorkPriority.BACKGROUND), "sweep")
        .onSuccess(v -> order.add("background"));
    Future<Void> callback = insert(budget.pool(pool, WorkPriority.CALLBACK), "callback")
        .onSuccess(v -> order.add("callback"));
    Future<Void> decision = insert(budget.pool(pool, WorkPriority.DECISION), "decision")
        .onSuccess(v -> order.add("decision"));

    held.release(true);
    settle(List.of(background, callback, decision));

    assertThat(order).containsExactly("decision", "callback", "background");
  }

  @Test
  void backgroundWorkCanNeverTakeMoreThanItsShareSoDecisionsRunAtOnce() {
    DatabaseBudget budget = budget(4, 2, LONG);
    Pool sweeps = budget.pool(pool, WorkPriority.BACKGROUND);
    DatabaseBudget.Permit sweeping = budget.acquire(WorkPriority.BACKGROUND).await(); // its share: 1 of 4

    List<Future<Void>> flood = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      flood.add(insert(sweeps, "sweep"));
    }
    List<Future<Void>> decisions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      decisions.add(insert(budget.pool(pool, WorkPriority.DECISION), "decision"));
    }
    settle(decisions);

    assertThat(rows("decision")).isEqualTo(3);
    assertThat(rows("sweep")).isZero(); // still waiting behind the sweep that holds the share
    assertThat(flood.stream().filter(f -> f.failed() && f.cause() instanceof Overloaded)).hasSize(8);
    sweeping.release(true);
    settle(flood);
    assertThat(rows("sweep")).isEqualTo(2);
  }

  @Test
  void workThatWaitedLongerThanItsClassMayIsDroppedUnrun() {
    DatabaseBudget budget = budget(1, 10, Duration.ofMillis(50));
    DatabaseBudget.Permit held = budget.acquire(WorkPriority.DECISION).await();

    Future<Void> late = insert(budget.pool(pool, WorkPriority.SEND), "late");
    settle(List.of(late));
    held.release(true);

    assertThat(late.failed()).isTrue();
    assertThat(late.cause()).isInstanceOf(Overloaded.class);
    assertThat(rows("late")).isZero();
    assertThat(shed("send", "wait_timeout")).isEqualTo(1.0);
    insert(budget.pool(pool, WorkPriority.SEND), "late").await();
    assertThat(rows("late")).isEqualTo(1);
  }

  @Test
  void aTransactionHoldsItsPermitUntilItEnds() {
    DatabaseBudget budget = budget(1, 10, LONG);
    Pool view = budget.pool(pool, WorkPriority.DECISION);

    Future<Long> tx = view.withTransaction(conn -> conn.query("INSERT INTO budgeted (what) VALUES ('tx')").execute()
        .map(r -> (long) budget.inFlight(WorkPriority.DECISION)));

    assertThat(tx.await()).isEqualTo(1L);
    assertThat(budget.inFlight(WorkPriority.DECISION)).isZero();
    assertThat(rows("tx")).isEqualTo(1);
  }
}

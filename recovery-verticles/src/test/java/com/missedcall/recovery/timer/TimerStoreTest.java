package com.missedcall.recovery.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.recovery.work.ClaimSql;
import com.missedcall.recovery.work.StaleClaim;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conversation timer's columns on a real PostgreSQL, through the store's own statements. Time passing is
 * what the database sees: a test moves a due time or a lease into the past instead of waiting. Each test has a
 * workspace of its own, and claims only see due timers, so tests do not see each other's rows once settled.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimerStoreTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final AtomicInteger CALLERS = new AtomicInteger(5550000);

  private TestDatabase db;
  private Vertx vertx;
  private Pool pool;
  private long agency;
  private final TimerStore store = new TimerStore();
  private final ClaimSql<DueTimer> claims = TimerStore.claims();

  @BeforeAll
  void start(TestDatabase db) {
    this.db = db;
    vertx = Vertx.vertx();
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    Migrations.apply(vertx, url).await();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(url.connectOptions()).using(vertx)
        .build();
    agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Timers') RETURNING id");
  }

  @AfterAll
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void aDueTimerIsClaimedOnceWhileItsLeaseHolds() {
    long conversation = conversation("followup_step = 'followup', followup_due_at = now() - interval '1 second'");

    List<DueTimer> first = claimDue();
    List<DueTimer> second = claimDue();

    assertThat(first).extracting(DueTimer::conversationId).containsExactly(conversation);
    assertThat(second).extracting(DueTimer::conversationId).doesNotContain(conversation);
    release(first);
  }

  @Test
  void aTimerNotYetDueIsNotClaimed() {
    long conversation = conversation("followup_step = 'followup', followup_due_at = now() + interval '1 hour', "
        + "close_due_at = now() + interval '2 days'");

    assertThat(claimDue()).extracting(DueTimer::conversationId).doesNotContain(conversation);
  }

  @Test
  void aTimerWhoseLeaseRanOutIsClaimedAgainAndTheFirstClaimsSettleIsRefused() {
    long conversation = conversation("close_due_at = now()");
    DueTimer first = only(claimDue(), conversation);
    db.execute("UPDATE conversations SET timer_lease_until = now() - interval '1 second' WHERE id = " + conversation);

    DueTimer second = only(claimDue(), conversation);

    assertThat(second.claims()).isEqualTo(first.claims() + 1);
    assertThatThrownBy(() -> settle(first, TimerState.none())).isInstanceOf(StaleClaim.class);
    assertThat(column(conversation, "close_due_at IS NOT NULL")).isEqualTo("true");
    settle(second, TimerState.none());
    assertThat(column(conversation, "close_due_at IS NULL AND timer_lease_until IS NULL")).isEqualTo("true");
  }

  @Test
  void aSettleWritesTheNextStateAndLetsTheTimerGo() {
    long conversation = conversation("followup_step = 'followup', followup_due_at = now(), "
        + "followup_since = now() - interval '30 minutes', close_due_at = now() + interval '2 days'");
    DueTimer timer = only(claimDue(), conversation);
    Instant later = Instant.now().plus(Duration.ofMinutes(20));
    Instant since = Instant.now();

    settle(timer, state(conversation).followUp(TimerState.Step.ONCALL, later, since));

    TimerState after = state(conversation);
    assertThat(after.followUpStep()).isEqualTo(TimerState.Step.ONCALL);
    assertThat(after.followUpDueAt()).isEqualTo(micros(later));
    assertThat(after.followUpSince()).isEqualTo(micros(since));
    assertThat(after.closeDueAt()).isNotNull();
    assertThat(column(conversation, "timer_lease_until IS NULL AND timer_tries = 0")).isEqualTo("true");
    assertThat(claimDue()).extracting(DueTimer::conversationId).doesNotContain(conversation);
  }

  @Test
  void aFailedTryWaitsForItsRetryAndCountsAsATry() {
    long conversation = conversation("close_due_at = now()");
    DueTimer first = only(claimDue(), conversation);

    claims.retry(pool, first, Duration.ofMinutes(5), "model down").await();

    assertThat(claimDue()).extracting(DueTimer::conversationId).doesNotContain(conversation);
    assertThat(column(conversation, "timer_last_error")).isEqualTo("model down");
    db.execute("UPDATE conversations SET timer_lease_until = now() - interval '1 second' WHERE id = " + conversation);
    DueTimer second = only(claimDue(), conversation);
    assertThat(second.tries()).isEqualTo(2);
    assertThat(second.fence().attempt()).isEqualTo(first.claims() + 1);
    release(List.of(second));
  }

  @Test
  void givingUpClearsTheDueStepAndKeepsWhatIsDueLater() {
    long conversation = conversation("followup_step = 'followup', followup_due_at = now(), "
        + "followup_since = now(), close_due_at = now() + interval '2 days'");
    DueTimer timer = only(claimDue(), conversation);

    claims.fail(pool, timer, "gave up after 5 attempts").await();

    TimerState after = state(conversation);
    assertThat(after.followUpStep()).isNull();
    assertThat(after.followUpSince()).isNull();
    assertThat(after.closeDueAt()).isNotNull();
    assertThat(column(conversation, "timer_last_error")).isEqualTo("gave up after 5 attempts");
    assertThat(column(conversation, "timer_tries")).isEqualTo("0");
  }

  @Test
  void cancellingTheFollowUpKeepsTheAutoClose() {
    long conversation = conversation("followup_step = 'oncall', followup_due_at = now() + interval '1 hour', "
        + "followup_since = now(), close_due_at = now() + interval '2 days'");

    pool.withConnection(conn -> store.cancelFollowUp(conn, conversation)).await();

    TimerState after = state(conversation);
    assertThat(after.followUpStep()).isNull();
    assertThat(after.followUpDueAt()).isNull();
    assertThat(after.closeDueAt()).isNotNull();
  }

  @Test
  void theAutoCloseIsSetFromTheDatabasesNow() {
    long conversation = conversation("close_due_at = NULL");

    pool.withConnection(conn -> store.closeAfter(conn, conversation, Duration.ofHours(48))).await();

    assertThat(column(conversation, "round(extract(epoch FROM close_due_at - now()))::bigint")).isEqualTo("172800");
  }

  @Test
  void theClaimReadsDueTimersInDueOrderFromTheirPartialIndex() throws SQLException {
    String plan;
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      // a few rows here: the planner is told to avoid a seq scan and a sort if it can, so what is left of them is
      // what the index cannot serve
      st.execute("SET enable_seqscan = off");
      st.execute("SET enable_sort = off");
      st.execute("PREPARE claim AS " + TimerStore.CLAIM_DUE);
      try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE claim(30, 20)")) {
        rs.next();
        plan = rs.getString(1);
      }
    }

    assertThat(plan).contains("\"Index Name\": \"conversations_timer_due\"").contains("\"Index Cond\"")
        .doesNotContain("\"Node Type\": \"Sort\"").doesNotContain("\"Node Type\": \"Seq Scan\"");
  }

  private long conversation(String timer) {
    long ws = db.queryLong("INSERT INTO workspaces (agency_id, name, timezone) VALUES (?, 'Timed Plumbing', 'UTC') "
        + "RETURNING id", agency);
    String caller = "+1415" + CALLERS.incrementAndGet();
    long lead = db.queryLong("INSERT INTO leads (workspace_id, caller) VALUES (?, ?) RETURNING id", ws, caller);
    long id = db.queryLong("INSERT INTO conversations (workspace_id, lead_id, account_sid, business_number, caller) "
        + "VALUES (?, ?, 'AC0', '+14155550000', ?) RETURNING id", ws, lead, caller);
    db.execute("UPDATE conversations SET " + timer + " WHERE id = " + id);
    return id;
  }

  private List<DueTimer> claimDue() {
    return claims.claimDue(pool, 100, LEASE).await();
  }

  private static DueTimer only(List<DueTimer> claimed, long conversation) {
    return claimed.stream().filter(t -> t.conversationId() == conversation).findFirst().orElseThrow();
  }

  private void settle(DueTimer timer, TimerState next) {
    pool.withTransaction(conn -> store.settle(conn, timer, next)).await();
  }

  /** Settles what a test claimed but does not look at, so it leaves nothing due for the next test. */
  private void release(List<DueTimer> claimed) {
    claimed.forEach(t -> settle(t, TimerState.none()));
  }

  private TimerState state(long conversation) {
    return pool.withConnection(conn -> store.state(conn, conversation)).await().orElseThrow();
  }

  private String column(long conversation, String expression) {
    return db.queryString("SELECT (" + expression + ")::text FROM conversations WHERE id = ?", conversation);
  }

  private static Instant micros(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}

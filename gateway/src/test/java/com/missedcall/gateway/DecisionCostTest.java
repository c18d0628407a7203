package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What PostgreSQL does per decided missed call, end to end (webhook, decision, text-back sent, Twilio's "sent"
 * and "delivered" callbacks, and everything the gateway's timers ran meanwhile): top-level statements
 * ({@code pg_stat_statements}, this database only), the statements those ran inside functions (the decision's
 * plpgsql: {@code pg_stat_statements.track = all} for this database), rows written ({@code pg_stat_user_tables}:
 * inserted + updated + deleted) and top-level statement execution time. It prints the figures (the before/after measure, with the tables
 * and statements behind them) and fails when a change makes a decided call write more rows than the bound.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionCostTest {
  private static final int CALLS = 300;
  private static final int CONCURRENT = 30;
  private static final int WARM_UP = 20;
  /**
   * Rows written per decided call today (11.0: call 1, lead 2, usage counters 2, conversation 2 (its insert, which
   * sets its timer's follow-up and auto-close, and the text-back's send), the text-back's message 4: insert, sent,
   * Twilio's "sent" and "delivered"), with a little room; lower it when a change saves rows. It was 16.0 while a
   * text-back was a job and a message (14.0 after that fold, 13.0 once usage was counted in fewer rows, 11.0 once
   * the follow-up and auto-close jobs became the conversation's timer).
   */
  private static final double MAX_ROWS_WRITTEN_PER_CALL = 11.5;

  /** The defaults of production where the other tests shorten them (leases, sweeps, the number cache). */
  private static final Map<String, String> PRODUCTION_LIKE = Map.of("NUMBER_CACHE_TTL_SECONDS", "60",
      "JOB_LEASE_SECONDS", "30", "TWILIO_TIMEOUT_MS", "5000", "SWEEP_INTERVAL_MS", "1000");

  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    // nested statements too (each is counted with toplevel = false), for every connection opened from now on
    db.execute("ALTER DATABASE " + db.name() + " SET pg_stat_statements.track = 'all'");
    gw = GatewayUnderTest.start(db, redis, PRODUCTION_LIKE);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void aDecidedMissedCallWritesNoMoreRowsThanTheBound() throws SQLException {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    // warm up (JIT, Redis counters, the number cache)
    run(t, WARM_UP);
    delivered(t, WARM_UP);
    // a backend sends its table counters when it exits: a restart has every count in before the snapshot
    // (the restart's own start-up statements are counted with the calls: a few dozen over all of them)
    gw.stopGateway();
    Snapshot before = snapshot();
    gw.startGateway(PRODUCTION_LIKE);

    run(t, CALLS);
    delivered(t, WARM_UP + CALLS);
    gw.stopGateway();
    Snapshot after = snapshot();

    Cost cost = after.minus(before, CALLS);
    System.out.println(cost.report());
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'",
        t.workspaceId())).isEqualTo(WARM_UP + CALLS);
    assertThat(cost.rowsWrittenPerCall()).isLessThanOrEqualTo(MAX_ROWS_WRITTEN_PER_CALL);
  }

  /** Waits until {@code n} text-backs of the tenant were sent and reported delivered by Twilio's callbacks. */
  private void delivered(TestTenant.Created t, int n) {
    await().atMost(Duration.ofSeconds(120)).until(() -> db.queryLong(
        "SELECT /* cost-probe */ count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback' "
            + "AND status = 'delivered'", t.workspaceId()) == n);
  }

  private void run(TestTenant.Created t, int calls) {
    for (int sent = 0; sent < calls; sent += CONCURRENT) {
      List<Future<WebhookResponse>> wave = new ArrayList<>();
      for (int i = sent; i < Math.min(calls, sent + CONCURRENT); i++) {
        wave.add(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), TestTenant.randomNumber()));
      }
      Future.join(wave).await();
      wave.forEach(r -> assertThat(r.result().statusCode()).isEqualTo(204));
    }
  }

  private record Snapshot(long statements, long nested, double execMs, Map<String, Long> rowsByTable,
                          Map<String, long[]> byQuery, Map<String, long[]> nestedByQuery) {
    Cost minus(Snapshot before, int calls) {
      Map<String, Long> rows = new LinkedHashMap<>();
      rowsByTable.forEach((table, n) -> {
        long d = n - before.rowsByTable.getOrDefault(table, 0L);
        if (d != 0) {
          rows.put(table, d);
        }
      });
      return new Cost(calls, statements - before.statements, nested - before.nested, execMs - before.execMs, rows,
          delta(byQuery, before.byQuery), delta(nestedByQuery, before.nestedByQuery));
    }

    private static Map<String, Long> delta(Map<String, long[]> after, Map<String, long[]> before) {
      Map<String, Long> queries = new LinkedHashMap<>();
      after.forEach((q, v) -> {
        long d = v[0] - before.getOrDefault(q, new long[] {0})[0];
        if (d != 0) {
          queries.put(q, d);
        }
      });
      return queries;
    }
  }

  private record Cost(int calls, long statements, long nested, double execMs, Map<String, Long> rowsByTable,
                      Map<String, Long> callsByQuery, Map<String, Long> nestedByQuery) {
    double rowsWrittenPerCall() {
      return rowsByTable.values().stream().mapToLong(Long::longValue).sum() / (double) calls;
    }

    String report() {
      StringBuilder out = new StringBuilder("[decision-cost] per decided call (" + calls + " calls): ")
          .append(String.format("statements %.2f (and %.2f inside functions), rows written %.2f, statement time "
              + "%.3f ms%n", statements / (double) calls, nested / (double) calls, rowsWrittenPerCall(), execMs / calls));
      rowsByTable.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(e -> out.append(String.format("[decision-cost]   rows %-28s %.2f%n", e.getKey(),
              e.getValue() / (double) calls)));
      callsByQuery.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
          .forEach(e -> out.append(String.format("[decision-cost]   stmt %.3f  %s%n", e.getValue() / (double) calls,
              e.getKey())));
      nestedByQuery.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(25)
          .forEach(e -> out.append(String.format("[decision-cost]   nested %.3f  %s%n",
              e.getValue() / (double) calls, e.getKey())));
      return out.toString();
    }
  }

  private Snapshot snapshot() throws SQLException {
    try (Connection c = db.connect(); var st = c.createStatement()) {
      long statements;
      long nested;
      double execMs;
      Map<String, long[]> byQuery = new LinkedHashMap<>();
      Map<String, long[]> nestedByQuery = new LinkedHashMap<>();
      try (var rs = st.executeQuery("""
          SELECT /* cost-probe */ left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q, toplevel,
                 sum(calls) AS calls, sum(total_exec_time) AS ms
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND query NOT LIKE '%cost-probe%' AND query NOT LIKE 'SET application_name%'
           GROUP BY 1, 2""")) {
        long n = 0;
        long inside = 0;
        double ms = 0;
        while (rs.next()) {
          if (rs.getBoolean("toplevel")) {
            n += rs.getLong("calls");
            ms += rs.getDouble("ms");
            byQuery.put(rs.getString("q"), new long[] {rs.getLong("calls")});
          } else {
            inside += rs.getLong("calls");
            nestedByQuery.put(rs.getString("q"), new long[] {rs.getLong("calls")});
          }
        }
        statements = n;
        nested = inside;
        execMs = ms;
      }
      Map<String, Long> rows = new LinkedHashMap<>();
      try (var rs = st.executeQuery(
          "SELECT /* cost-probe */ relname, n_tup_ins + n_tup_upd + n_tup_del AS written FROM pg_stat_user_tables")) {
        while (rs.next()) {
          rows.put(rs.getString("relname"), rs.getLong("written"));
        }
      }
      return new Snapshot(statements, nested, execMs, rows, byQuery, nestedByQuery);
    }
  }
}

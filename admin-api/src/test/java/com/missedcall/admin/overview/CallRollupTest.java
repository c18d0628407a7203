package com.missedcall.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hourly call rollup equals a direct count of the calls after every fold, whatever changed. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallRollupTest {
  /** Buckets where the rollup and a direct count of calls disagree (either side missing counts too). */
  private static final String DIFFERENCES = """
      SELECT count(*) FROM (
        (SELECT workspace_id, hour, decision, reason, voice_outcome, calls FROM call_rollup_hourly
         EXCEPT SELECT workspace_id, date_trunc('hour', received_at), decision, reason, coalesce(voice_outcome, ''),
                       count(*)::int FROM calls GROUP BY 1, 2, 3, 4, 5)
        UNION ALL
        (SELECT workspace_id, date_trunc('hour', received_at), decision, reason, coalesce(voice_outcome, ''),
                count(*)::int FROM calls GROUP BY 1, 2, 3, 4, 5
         EXCEPT SELECT workspace_id, hour, decision, reason, voice_outcome, calls FROM call_rollup_hourly)) d""";
  private TestDatabase db;
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private long workspace;
  private String number;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Rollup Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Rollup Plumbing");
    number = Tenants.phone();
    tenants.number(agency, workspace, number);
    String repeat = Tenants.phone();
    for (int day = 0; day < 5; day++) {
      tenants.missedCall(agency, workspace, repeat, number);
      tenants.missedCall(agency, workspace, Tenants.phone(), number);
      tenants.decide(agency, workspace, Tenants.phone(), number, "answered");
      // spread over the window: each day's calls in another hour, days ago
      tenants.execute("UPDATE calls SET received_at = now() - interval '" + (day + 1) + " days " + (day * 3)
          + " hours' WHERE workspace_id = " + workspace + " AND received_at > now() - interval '1 hour'");
    }
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private long fold() {
    return db.queryLong("SELECT buckets FROM call_rollup_fold()");
  }

  private long differences() {
    return db.queryLong(DIFFERENCES);
  }

  @Test
  void afterAFoldTheRollupEqualsACountOfTheCalls() {
    fold();

    assertThat(db.queryLong("SELECT coalesce(sum(calls), 0) FROM call_rollup_hourly")).isGreaterThanOrEqualTo(15);
    assertThat(differences()).isZero();
  }

  @Test
  void aCallArrivingLateInAnHourAlreadyFoldedIsCountedByTheNextFold() {
    fold();
    tenants.missedCall(agency, workspace, Tenants.phone(), number);
    tenants.execute("UPDATE calls SET received_at = now() - interval '3 days 2 hours' WHERE id = (SELECT max(id) FROM calls)");

    fold();

    assertThat(differences()).isZero();
  }

  @Test
  void aCallDecidedAfterItsHourWasFoldedIsRecountedByTheNextFold() {
    tenants.execute("INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, decision, reason, "
        + "received_at) VALUES (" + workspace + ", '" + agency.accountSid() + "', 'CA-late-decision', '+15550100999', '"
        + number + "', 'forwarding', 'pending', 'deciding', now() - interval '2 days 5 hours')");
    fold();
    tenants.execute("UPDATE calls SET decision = 'skipped', reason = 'answered' WHERE call_sid = 'CA-late-decision'");

    fold();

    assertThat(differences()).isZero();
  }

  @Test
  void aFoldOfMoreCallsThanOneBatchCatchesUpOverSeveralAndOnlyThenMovesTheFreshHour() {
    fold();
    for (int i = 0; i < 3; i++) {
      tenants.missedCall(agency, workspace, Tenants.phone(), number);
    }
    tenants.execute("UPDATE calls SET received_at = now() - interval '4 days' WHERE id > (SELECT max(id) - 3 FROM calls)");
    tenants.execute("UPDATE call_rollup_state SET fresh_hour = '-infinity'");

    String first = db.queryString("SELECT caught_up::text FROM call_rollup_fold(interval '10 minutes', 0, 1)");

    assertThat(first).isEqualTo("false");
    assertThat(db.queryString("SELECT fresh_hour::text FROM call_rollup_state")).isEqualTo("-infinity");
    while (!"true".equals(db.queryString("SELECT caught_up::text FROM call_rollup_fold(interval '10 minutes', 0, 1)"))) {
      // one call id per fold
    }
    // the hour of the catching-up fold's own start (less p_recent), not a clock read here: an hour may begin meanwhile
    assertThat(db.queryString("SELECT (fresh_hour = date_trunc('hour', folded_at - interval '10 minutes'))::text "
        + "FROM call_rollup_state")).isEqualTo("true");
    assertThat(differences()).isZero();
  }

  @Test
  void aVoiceFallbackThatWasTextedIsFoldedApartFromAPlainTextBackOfTheSameHour() {
    tenants.missedCall(agency, workspace, Tenants.phone(), number);
    tenants.missedCall(agency, workspace, Tenants.phone(), number);
    tenants.execute("UPDATE calls SET voice_outcome = 'voice_no_speech', voice_fallback = 'textback' "
        + "WHERE id = (SELECT max(id) FROM calls)");
    // one instant for both statements: read from the clock twice, an hour may begin between them
    String hour = db.queryString("SELECT date_trunc('hour', now() - interval '6 days')::text");
    tenants.execute("UPDATE calls SET received_at = '" + hour + "'::timestamptz "
        + "WHERE id > (SELECT max(id) - 2 FROM calls)");

    fold();

    assertThat(differences()).isZero();
    assertThat(db.queryLong("SELECT calls FROM call_rollup_hourly WHERE workspace_id = ? AND decision = 'texted' "
        + "AND voice_outcome = 'voice_no_speech' AND hour = ?::timestamptz", workspace, hour))
        .isEqualTo(1);
  }

  @Test
  void foldingAgainWithNothingNewChangesNoCount() {
    fold();
    String before = db.queryString("SELECT string_agg(workspace_id || hour::text || decision || reason || voice_outcome "
        + "|| calls, ',' "
        + "ORDER BY workspace_id, hour, decision, reason, voice_outcome) FROM call_rollup_hourly");

    fold();

    assertThat(db.queryString("SELECT string_agg(workspace_id || hour::text || decision || reason || voice_outcome "
        + "|| calls, ',' "
        + "ORDER BY workspace_id, hour, decision, reason, voice_outcome) FROM call_rollup_hourly")).isEqualTo(before);
  }

  @Test
  void aSecondProcessDoesNotFoldWhileAnotherIsFolding() throws Exception {
    try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      st.execute("SELECT * FROM call_rollup_state FOR UPDATE"); // a fold in progress holds this lock

      assertThat(fold()).isEqualTo(-1);
      holder.rollback();
    }
  }

  @Test
  void theOverviewFromTheRollupEqualsTheOverviewCountedFromEveryCall() {
    tenants.execute("UPDATE call_rollup_state SET fresh_hour = '-infinity'"); // as before any fold: calls counted
    JsonObject counted = api.get("/api/v1/overview?workspace_id=" + workspace + "&days=30").json();
    JsonObject countedAgency = api.get("/api/v1/overview?days=30").json();

    fold();
    JsonObject rolled = api.get("/api/v1/overview?workspace_id=" + workspace + "&days=30").json();
    JsonObject rolledAgency = api.get("/api/v1/overview?days=30").json();

    for (String field : new String[] {"missed_calls", "texted_calls", "answered_calls", "recovered_leads", "reasons",
        "daily", "voice"}) {
      assertThat(rolled.getValue(field)).as(field).isEqualTo(counted.getValue(field));
      assertThat(rolledAgency.getValue(field)).as(field).isEqualTo(countedAgency.getValue(field));
    }
    assertThat(rolled.getInteger("missed_calls")).isGreaterThanOrEqualTo(10);
  }
}

package com.missedcall.recovery.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daily summary is sent once per workspace and local day whatever the number of processes, with yesterday's
 * numbers, by email and SMS; a day without a missed call is skipped with its reason.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailySummaryTest {
  private TestDatabase db;
  private final List<Vertx> processes = new ArrayList<>();
  private final List<Pool> pools = new ArrayList<>();
  private long agency;

  @BeforeAll
  void start(TestDatabase db) {
    this.db = db;
    Vertx vertx = Vertx.vertx();
    Migrations.apply(vertx, DatabaseUrl.parse(db.url())).await();
    vertx.close().await();
    for (int i = 0; i < 2; i++) {
      Vertx process = Vertx.vertx();
      processes.add(process);
      pools.add(PgBuilder.pool().connectingTo(DatabaseUrl.parse(db.url()).connectOptions()).using(process).build());
    }
    agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Summary Agency') RETURNING id");
    db.queryLong("INSERT INTO twilio_accounts (account_sid, agency_id, auth_token) VALUES "
        + "('AC00000000000000000000000000000d51', ?, 'token') RETURNING 1", agency);
  }

  @AfterAll
  void stop() {
    pools.forEach(p -> p.close().await());
    processes.forEach(v -> v.close().await());
  }

  /** A workspace due now (UTC, summary time midnight) with a team number, an address and a number to text from. */
  private long workspace(boolean skipEmpty) {
    long ws = db.queryLong("INSERT INTO workspaces (agency_id, name, timezone, daily_summary_enabled, daily_summary_time, "
        + "daily_summary_skip_empty) VALUES (?, 'Daily Plumbing', 'UTC', true, '00:00', ?) RETURNING id", agency, skipEmpty);
    String number = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    db.queryLong("INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode) VALUES "
        + "(?, 'AC00000000000000000000000000000d51', ?, 'forwarding') RETURNING id", ws, number);
    db.queryLong("INSERT INTO notification_numbers (workspace_id, phone, kind) VALUES (?, '+15005550123', 'team') "
        + "RETURNING id", ws);
    db.queryLong("INSERT INTO notification_emails (workspace_id, address, types) VALUES (?, 'owner@daily.test', "
        + "ARRAY['daily_summary']) RETURNING id", ws);
    return ws;
  }

  private void missedCallYesterday(long ws, String decision, String reason) {
    db.queryLong("INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, decision, reason, "
        + "received_at) VALUES (?, 'AC00000000000000000000000000000d51', 'CA' || md5(random()::text), '+15005550100', "
        + "'+15005550199', 'forwarding', ?, ?, (now() AT TIME ZONE 'UTC')::date - 1 + time '12:00' AT TIME ZONE 'UTC') "
        + "RETURNING id", ws, decision, reason);
  }

  private DailySummaryWorker worker(int process) {
    return new DailySummaryWorker(pools.get(process), Duration.ofMillis(50), new SimpleMeterRegistry());
  }

  @Test
  void twoProcessesSendTheDailySummaryExactlyOnce() throws InterruptedException {
    long ws = workspace(true);
    missedCallYesterday(ws, "texted", "texted");
    missedCallYesterday(ws, "skipped", "daily_sms_cap_reached");

    List<Future<Integer>> rounds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rounds.add(worker(0).tick());
      rounds.add(worker(1).tick());
    }
    Future.join(new ArrayList<>(rounds)).await();
    // and both processes run the worker on their timers for a while
    String a = processes.get(0).deployVerticle(worker(0)).await();
    String b = processes.get(1).deployVerticle(worker(1)).await();
    Thread.sleep(500);
    processes.get(0).undeploy(a).await();
    processes.get(1).undeploy(b).await();

    assertThat(db.queryLong("SELECT count(*) FROM daily_summaries WHERE workspace_id = ?", ws)).isEqualTo(1);
    assertThat(db.queryString("SELECT status FROM daily_summaries WHERE workspace_id = ?", ws)).isEqualTo("sent");
    assertThat(db.queryLong("SELECT count(*) FROM email_messages WHERE workspace_id = ? AND type = 'daily_summary'", ws))
        .isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND to_number = '+15005550123'", ws))
        .isEqualTo(1);
  }

  @Test
  void theSummaryCarriesYesterdaysNumbers() {
    long ws = workspace(true);
    missedCallYesterday(ws, "texted", "texted");
    missedCallYesterday(ws, "texted", "texted");
    missedCallYesterday(ws, "skipped", "answered");

    worker(0).tick().await();

    assertThat(db.queryString("SELECT counts::text FROM daily_summaries WHERE workspace_id = ?", ws))
        .contains("\"missed_calls\": 2").contains("\"texted\": 2");
    assertThat(db.queryString("SELECT text_body FROM email_messages WHERE workspace_id = ?", ws))
        .contains("Missed calls: 2").contains("Texted back: 2").contains("Booked: 0");
    assertThat(db.queryString("SELECT body FROM messages WHERE workspace_id = ?", ws))
        .contains("2 missed calls").contains("2 texted back");
  }

  @Test
  void anEmergencyTheAutomaticRepliesAnsweredCountsAsNeedingAttention() {
    long ws = workspace(true);
    missedCallYesterday(ws, "texted", "texted");
    long lead = db.queryLong("INSERT INTO leads (workspace_id, caller, stage, urgency) VALUES "
        + "(?, '+15005550100', 'engaged', 'emergency') RETURNING id", ws);
    // the caller wrote an emergency word, the built-in script answered, the team was alerted; no staff text yet
    message(ws, lead, "inbound", "reply", "Water everywhere, it's an emergency");
    message(ws, lead, "outbound", "ai_reply", "Sorry to hear that. What's the address?");
    message(ws, lead, "outbound", "alert", "URGENT: emergency from a caller");

    worker(0).tick().await();

    assertThat(db.queryString("SELECT counts::text FROM daily_summaries WHERE workspace_id = ?", ws))
        .contains("\"needing_attention\": 1");
    assertThat(db.queryString("SELECT body FROM messages WHERE workspace_id = ? AND to_number = '+15005550123'", ws))
        .contains("1 need attention");
  }

  private void message(long ws, long lead, String direction, String kind, String body) {
    db.queryLong("INSERT INTO messages (workspace_id, lead_id, direction, kind, from_number, to_number, body, status) "
        + "VALUES (?, ?, ?, ?, '+15005550100', '+15005550199', ?, 'delivered') RETURNING id", ws, lead, direction, kind,
        body);
  }

  @Test
  void aTestCallersCallsAreLeftOutOfYesterdaysNumbers() {
    long ws = workspace(true);
    missedCallYesterday(ws, "texted", "texted");
    missedCallYesterday(ws, "texted", "texted");
    db.queryLong("UPDATE calls SET is_test = true WHERE workspace_id = ? AND id = (SELECT min(id) FROM calls "
        + "WHERE workspace_id = ?) RETURNING id", ws, ws);

    worker(0).tick().await();

    assertThat(db.queryString("SELECT counts::text FROM daily_summaries WHERE workspace_id = ?", ws))
        .contains("\"missed_calls\": 1").contains("\"texted\": 1");
  }

  @Test
  void aDayWithOnlyTestCallsIsSkippedAsADayWithoutAMissedCall() {
    long ws = workspace(true);
    missedCallYesterday(ws, "texted", "texted");
    db.queryLong("UPDATE calls SET is_test = true WHERE workspace_id = ? RETURNING id", ws);

    worker(0).tick().await();

    assertThat(db.queryString("SELECT status || ':' || reason FROM daily_summaries WHERE workspace_id = ?", ws))
        .isEqualTo("skipped:no_missed_calls");
  }

  /** Open 08:00-17:00 every day (UTC), with {@code closures} (a JSON array). */
  private void hours(long ws, String closures) {
    StringBuilder week = new StringBuilder("{");
    for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
      week.append(week.length() > 1 ? "," : "").append('"').append(day)
          .append("\": [{\"opens\": \"08:00\", \"closes\": \"17:00\"}]");
    }
    db.queryLong("INSERT INTO workspace_hours (workspace_id, weekly, closures) VALUES (?, ?::jsonb, ?::jsonb) "
        + "RETURNING 1", ws, week.append('}').toString(), closures);
  }

  private void missedCallYesterdayAt(long ws, String localTime) {
    db.queryLong("INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, decision, reason, "
        + "received_at) VALUES (?, 'AC00000000000000000000000000000d51', 'CA' || md5(random()::text), '+15005550100', "
        + "'+15005550199', 'forwarding', 'texted', 'texted', "
        + "(now() AT TIME ZONE 'UTC')::date - 1 + ?::time AT TIME ZONE 'UTC') RETURNING id", ws, localTime);
  }

  @Test
  void theSummarySaysHowManyMissedCallsCameWhileTheBusinessWasClosed() {
    long ws = workspace(true);
    hours(ws, "[]");
    missedCallYesterdayAt(ws, "12:00");
    missedCallYesterdayAt(ws, "22:30");
    missedCallYesterdayAt(ws, "06:15");

    worker(0).tick().await();

    assertThat(db.queryString("SELECT counts::text FROM daily_summaries WHERE workspace_id = ?", ws))
        .contains("\"missed_calls\": 3").contains("\"missed_while_closed\": 2");
    assertThat(db.queryString("SELECT text_body FROM email_messages WHERE workspace_id = ?", ws))
        .contains("Missed calls: 3 (2 while you were closed)");
    assertThat(db.queryString("SELECT body FROM messages WHERE workspace_id = ?", ws))
        .contains("3 missed calls (2 while you were closed)");
  }

  @Test
  void aClosureDayIsNamedInTheSummary() {
    long ws = workspace(true);
    String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
    hours(ws, "[{\"from\": \"" + yesterday + "\", \"to\": \"" + yesterday + "\", \"label\": \"Staff day\"}]");
    missedCallYesterdayAt(ws, "12:00");

    worker(0).tick().await();

    assertThat(db.queryString("SELECT text_body FROM email_messages WHERE workspace_id = ?", ws))
        .contains(yesterday + ", closed: Staff day").contains("Missed calls: 1\n");
    assertThat(db.queryString("SELECT body FROM messages WHERE workspace_id = ?", ws))
        .contains("(" + yesterday + ", closed: Staff day): 1 missed calls,");
  }

  @Test
  void withoutBusinessHoursTheSummarySaysNothingOfThem() {
    long ws = workspace(true);
    missedCallYesterdayAt(ws, "22:30");

    worker(0).tick().await();

    assertThat(db.queryString("SELECT counts::text FROM daily_summaries WHERE workspace_id = ?", ws))
        .doesNotContain("missed_while_closed");
    assertThat(db.queryString("SELECT body FROM messages WHERE workspace_id = ?", ws)).contains(": 1 missed calls,");
  }

  @Test
  void aDayWithoutAMissedCallIsSkippedWithItsReason() {
    long ws = workspace(true);

    worker(0).tick().await();

    assertThat(db.queryString("SELECT status || ':' || reason FROM daily_summaries WHERE workspace_id = ?", ws))
        .isEqualTo("skipped:no_missed_calls");
    assertThat(db.queryLong("SELECT count(*) FROM email_messages WHERE workspace_id = ?", ws)).isZero();
  }

  @Test
  void aWorkspaceThatWantsEmptyDaysGetsThemToo() {
    long ws = workspace(false);

    worker(0).tick().await();

    assertThat(db.queryString("SELECT status FROM daily_summaries WHERE workspace_id = ?", ws)).isEqualTo("sent");
    assertThat(db.queryLong("SELECT count(*) FROM email_messages WHERE workspace_id = ?", ws)).isEqualTo(1);
  }

  @Test
  void aWorkspaceThatDidNotAskForASummaryGetsNone() {
    long ws = workspace(true);
    db.execute("UPDATE workspaces SET daily_summary_enabled = false WHERE id = " + ws);
    missedCallYesterday(ws, "texted", "texted");

    worker(0).tick().await();

    assertThat(db.queryLong("SELECT count(*) FROM daily_summaries WHERE workspace_id = ?", ws)).isZero();
  }
}

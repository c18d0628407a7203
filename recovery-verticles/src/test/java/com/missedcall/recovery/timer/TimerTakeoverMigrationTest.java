package com.missedcall.recovery.timer;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V51 on a database deployed before it: the follow-up ladder and auto-close jobs still waiting move onto their
 * conversation's timer and are cancelled, so nothing is lost and nothing runs twice. The database is migrated,
 * the rows are written as the gateway wrote them before V51 (jobs, no timer), then V51's own script runs again.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimerTakeoverMigrationTest {
  private static final String V51 = "/db/migration/V51__conversation_timer_takes_over.sql";
  private TestDatabase db;
  private long waiting;
  private long running;
  private long closed;

  @BeforeAll
  void deployedBeforeTheTimerThenMigrated(TestDatabase db) throws IOException, SQLException {
    this.db = db;
    Migrations.configuration(DatabaseUrl.parse(db.url())).load().migrate();
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Deployed') RETURNING id");
    long ws = db.queryLong("INSERT INTO workspaces (agency_id, name, timezone) VALUES (?, 'Old Plumbing', 'UTC') "
        + "RETURNING id", agency);
    waiting = conversation(ws, "+14155550101", "open");
    running = conversation(ws, "+14155550102", "open");
    closed = conversation(ws, "+14155550103", "closed");
    job(ws, waiting, "followup", "pending", "now() + interval '20 minutes'", "now() - interval '10 minutes'");
    job(ws, waiting, "auto_close", "pending", "now() + interval '2 days'", "now() - interval '10 minutes'");
    job(ws, running, "followup", "done", "now() - interval '40 minutes'", "now() - interval '1 hour'");
    job(ws, running, "oncall", "running", "now() - interval '1 minute'", "now() - interval '30 minutes'");
    job(ws, closed, "auto_close", "pending", "now() + interval '1 day'", "now() - interval '1 day'");

    String script;
    try (InputStream in = TimerTakeoverMigrationTest.class.getResourceAsStream(V51)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute(script);
    }
  }

  @Test
  void aWaitingFollowUpAndAutoCloseKeepTheirDueTimesOnTheTimer() {
    assertThat(column(waiting, "followup_step")).isEqualTo("followup");
    assertThat(column(waiting, "round(extract(epoch FROM followup_due_at - now()) / 60)")).isEqualTo("20");
    assertThat(column(waiting, "round(extract(epoch FROM now() - followup_since) / 60)")).isEqualTo("10");
    assertThat(column(waiting, "round(extract(epoch FROM close_due_at - now()) / 3600)")).isEqualTo("48");
  }

  @Test
  void aStepAWorkerWasRunningIsDueAtOnceOnTheTimer() {
    assertThat(column(running, "followup_step")).isEqualTo("oncall");
    assertThat(column(running, "followup_due_at <= now()")).isEqualTo("true");
  }

  @Test
  void aClosedConversationGetsNoTimer() {
    assertThat(column(closed, "close_due_at IS NULL AND followup_step IS NULL")).isEqualTo("true");
  }

  @Test
  void theMovedJobsAreCancelledAndNoneIsLeftToRun() {
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE kind IN ('followup', 'oncall', 'auto_close') "
        + "AND status IN ('pending', 'running')")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE status = 'cancelled' "
        + "AND last_error = 'moved to the conversation timer (V51)'")).isEqualTo(4);
  }

  private long conversation(long ws, String caller, String status) {
    long lead = db.queryLong("INSERT INTO leads (workspace_id, caller) VALUES (?, ?) RETURNING id", ws, caller);
    // written as before V51: no timer on the row, its timed work in jobs
    long id = db.queryLong("INSERT INTO conversations (workspace_id, lead_id, account_sid, business_number, caller, "
        + "status) VALUES (?, ?, 'AC0', '+14155550000', ?, ?) RETURNING id", ws, lead, caller, status);
    db.execute("UPDATE conversations SET close_due_at = NULL, followup_step = NULL, followup_due_at = NULL "
        + "WHERE id = " + id);
    return id;
  }

  private void job(long ws, long conversation, String kind, String status, String dueAt, String createdAt) {
    db.execute("INSERT INTO jobs (workspace_id, kind, conversation_id, status, due_at, created_at, lease_until) "
        + "VALUES (" + ws + ", '" + kind + "', " + conversation + ", '" + status + "', " + dueAt + ", " + createdAt
        + ", " + ("running".equals(status) ? "now() + interval '20 seconds'" : "NULL") + ")");
  }

  private String column(long conversation, String expression) {
    return db.queryString("SELECT (" + expression + ")::text FROM conversations WHERE id = ?", conversation);
  }
}

package com.missedcall.recovery.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daily retention purge on a real PostgreSQL with two purgers running (as two processes would): each workspace's
 * day is one job, run once, that blanks message bodies and voice transcripts older than the workspace's retention and
 * nothing newer, nothing of a workspace that keeps everything, and no text still waiting to be sent. Ages are
 * arranged by back-dating rows, never by waiting.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionPurgeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestDatabase db;
  private Vertx vertx;
  private Pool pool;
  private final List<String> deployments = new ArrayList<>();

  @BeforeAll
  void start(TestDatabase db) {
    this.db = db;
    vertx = Vertx.vertx();
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    Migrations.apply(vertx, url).await();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(6)).connectingTo(url.connectOptions()).using(vertx)
        .build();
  }

  @AfterEach
  void undeploy() {
    deployments.forEach(id -> vertx.undeploy(id).otherwiseEmpty().await());
    deployments.clear();
  }

  @AfterAll
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private void twoPurgers() {
    for (int i = 0; i < 2; i++) {
      deployments.add(vertx.deployVerticle(new RetentionPurger(pool, new RetentionStore(), Duration.ofMillis(50),
          Duration.ofMillis(50), Duration.ofMinutes(1), new SimpleMeterRegistry())).await());
    }
  }

  private long workspace(Integer bodyDays, Integer transcriptDays) {
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Retention agency') RETURNING id");
    long ws = db.queryLong("INSERT INTO workspaces (agency_id, name, timezone) VALUES (?, 'Retention ws', 'UTC')"
        + " RETURNING id", agency);
    if (bodyDays != null || transcriptDays != null) {
      db.queryLong("INSERT INTO workspace_retention (workspace_id, message_body_days, transcript_days) VALUES (?, ?, ?)"
          + " RETURNING workspace_id", ws, bodyDays, transcriptDays);
    }
    return ws;
  }

  private long message(long ws, String body, int daysOld, String sendStatus) {
    return db.queryLong("INSERT INTO messages (workspace_id, direction, kind, from_number, to_number, body, status,"
        + " send_status, created_at) VALUES (?, 'outbound', 'textback', '+15005550001', '+15005550002', ?, 'sent', ?,"
        + " now() - make_interval(days => ?)) RETURNING id", ws, body, sendStatus, daysOld);
  }

  private long voiceCall(long ws, String transcript, int daysOld) {
    long id = db.queryLong("INSERT INTO voice_calls (workspace_id, account_sid, call_sid, caller, called, transcript,"
        + " started_at) VALUES (?, 'AC1', 'CA' || md5(random()::text), '+15005550002', '+15005550001', ?,"
        + " now() - make_interval(days => ?)) RETURNING id", ws, transcript, daysOld);
    db.execute("INSERT INTO voice_turns (voice_call_id, turn, workspace_id, caller_words, assistant_words, source,"
        + " latency_ms, twiml) VALUES (" + id + ", 1, " + ws + ", 'my pipe burst', 'On our way', 'script', 5,"
        + " '<Response><Say>On our way</Say></Response>')");
    return id;
  }

  private String body(long message) {
    return db.queryString("SELECT body FROM messages WHERE id = ?", message);
  }

  private void awaitPurged(long ws) {
    await().atMost(WAIT).until(() -> "done".equals(db.queryString(
        "SELECT status FROM retention_purges WHERE workspace_id = ?", ws)));
  }

  @Test
  void bodiesOlderThanTheRetentionAreBlankedAndNewerOnesKept() {
    long ws = workspace(30, null);
    long old = message(ws, "Burst pipe at 12 Elm Street", 31, "done");
    long recent = message(ws, "See you at 5 Oak Road", 29, "done");

    twoPurgers();
    awaitPurged(ws);

    assertThat(body(old)).isEmpty();
    assertThat(db.queryString("SELECT body_purged_at IS NOT NULL FROM messages WHERE id = ?", old)).isEqualTo("t");
    assertThat(body(recent)).isEqualTo("See you at 5 Oak Road");
    assertThat(db.queryLong("SELECT messages_blanked FROM retention_purges WHERE workspace_id = ?", ws)).isEqualTo(1);
  }

  @Test
  void aTextStillWaitingToBeSentKeepsItsBodyWhateverItsAge() {
    long ws = workspace(1, null);
    long waiting = message(ws, "Hi, it's Joe's Plumbing", 5, "pending");

    twoPurgers();
    awaitPurged(ws);

    assertThat(body(waiting)).isEqualTo("Hi, it's Joe's Plumbing");
  }

  @Test
  void transcriptsAndTurnsOlderThanTheirRetentionAreBlankedAndNewerOnesKept() {
    long ws = workspace(null, 7);
    long old = voiceCall(ws, "Caller: my pipe burst", 8);
    long recent = voiceCall(ws, "Caller: the tap drips", 6);

    twoPurgers();
    awaitPurged(ws);

    assertThat(db.queryString("SELECT transcript FROM voice_calls WHERE id = ?", old)).isNull();
    assertThat(db.queryString("SELECT concat(caller_words, '|', assistant_words, '|', twiml) FROM voice_turns"
        + " WHERE voice_call_id = ?", old)).isEqualTo("||");
    assertThat(db.queryString("SELECT transcript FROM voice_calls WHERE id = ?", recent)).isEqualTo("Caller: the tap drips");
    assertThat(db.queryString("SELECT caller_words FROM voice_turns WHERE voice_call_id = ?", recent))
        .isEqualTo("my pipe burst");
  }

  @Test
  void aWorkspaceWithoutRetentionHasNoPurgeAndKeepsEverything() {
    long kept = workspace(null, null);
    long keptMessage = message(kept, "Kept for ever", 4000, "done");
    long other = workspace(1, null);

    twoPurgers();
    awaitPurged(other);

    assertThat(body(keptMessage)).isEqualTo("Kept for ever");
    assertThat(db.queryLong("SELECT count(*) FROM retention_purges WHERE workspace_id = ?", kept)).isZero();
  }

  @Test
  void withTwoPurgersEachWorkspacesDayIsOneJobRunOnce() {
    List<Long> workspaces = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long ws = workspace(10, 10);
      message(ws, "old " + i, 11, "done");
      workspaces.add(ws);
    }

    twoPurgers();
    workspaces.forEach(this::awaitPurged);

    for (long ws : workspaces) {
      assertThat(db.queryString("SELECT count(*) || '/' || min(attempts) || '/' || max(messages_blanked)"
          + " FROM retention_purges WHERE workspace_id = ?", ws)).isEqualTo("1/1/1");
      assertThat(db.queryString("SELECT day = (now() AT TIME ZONE 'UTC')::date FROM retention_purges"
          + " WHERE workspace_id = ?", ws)).isEqualTo("t");
    }
  }
}

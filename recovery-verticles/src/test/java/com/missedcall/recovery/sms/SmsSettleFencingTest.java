package com.missedcall.recovery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.recovery.work.StaleClaim;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker whose lease expired may still finish its send and try to settle the text after another worker
 * claimed it again (attempt + 1): every SMS settle is fenced by (message id, attempt), so the late settle fails
 * with {@link StaleClaim} and changes nothing, while the newer claim's settle works.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsSettleFencingTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private TestDatabase db;
  private Vertx vertx;
  private Pool pool;
  private SmsOutbox outbox;
  private long workspaceId;

  @BeforeAll
  void start(TestDatabase db) {
    this.db = db;
    vertx = Vertx.vertx();
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    Migrations.apply(vertx, url).await();
    pool = PgBuilder.pool().connectingTo(url.connectOptions()).using(vertx).build();
    outbox = new SmsOutbox(vertx, pool, LEASE);
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Fencing') RETURNING id");
    workspaceId = db.queryLong("INSERT INTO workspaces (agency_id, name, timezone) VALUES (?, 'Fenced Plumbing', 'UTC') "
        + "RETURNING id", agency);
  }

  @AfterAll
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void aLateCompleteFromAnExpiredClaimChangesNothingAndTheNewClaimsCompleteWorks() {
    Claims claims = claimTwice();

    Throwable late = failureOf(outbox.complete(claims.stale(), "SMlate", "queued"));
    assertUntouchedByTheStaleClaim(claims, late);
    assertThat(message("message_sid", claims)).isNull();

    outbox.complete(claims.current(), "SMcurrent", "queued").await();
    assertThat(job("status", claims)).isEqualTo("done");
    assertThat(message("message_sid", claims)).isEqualTo("SMcurrent");
  }

  @Test
  void aLateFailFromAnExpiredClaimChangesNothingAndTheNewClaimsFailWorks() {
    Claims claims = claimTwice();

    Throwable late = failureOf(outbox.fail(claims.stale(), 30003, "late failure"));
    assertUntouchedByTheStaleClaim(claims, late);
    assertThat(message("status", claims)).isEqualTo("pending");

    outbox.fail(claims.current(), 21614, "not a mobile number").await();
    assertThat(job("status", claims)).isEqualTo("failed");
    assertThat(message("status", claims)).isEqualTo("failed");
  }

  @Test
  void aLateRetryFromAnExpiredClaimChangesNothingAndTheNewClaimsRetryWorks() {
    Claims claims = claimTwice();

    Throwable late = failureOf(outbox.retry(claims.stale(), Duration.ofSeconds(60), true, "late retry"));
    assertUntouchedByTheStaleClaim(claims, late);

    outbox.retry(claims.current(), Duration.ofSeconds(60), false, "throttled").await();
    assertThat(job("status", claims)).isEqualTo("pending");
    assertThat(job("last_error", claims)).isEqualTo("throttled");
  }

  @Test
  void aLateHoldFromAnExpiredClaimChangesNothingAndTheNewClaimsHoldWorks() {
    Claims claims = claimTwice();
    Instant morning = Instant.now().plus(Duration.ofHours(8));

    Throwable late = failureOf(outbox.hold(claims.stale(), morning));
    assertUntouchedByTheStaleClaim(claims, late);

    outbox.hold(claims.current(), morning).await();
    assertThat(job("status", claims)).isEqualTo("pending");
  }

  /** A queued text claimed once, its lease run out, and claimed again by another worker. */
  private record Claims(ClaimedSms stale, ClaimedSms current) {}

  private Claims claimTwice() {
    String to = "+1555" + (1_000_000 + (System.nanoTime() % 8_999_999));
    long id = pool.withTransaction(conn -> SmsQueue.queue(conn, new OutboundSms(workspaceId, null, null,
        "AC00000000000000000000000000000000", "+15550000001", to, "manual", "Hi, sorry we missed you", false)))
        .await().messageId();
    ClaimedSms first = only(outbox.claim(id));
    // the first worker stalls past its lease (arranged in the row: no test waits for a clock)
    db.execute("UPDATE messages SET lease_until = now() - interval '1 second' WHERE id = " + id);
    ClaimedSms second = outbox.claimDue(100).await().stream().filter(c -> c.messageId() == id).findFirst().orElseThrow();
    assertThat(second.attempts()).isEqualTo(first.attempts() + 1);
    return new Claims(first, second);
  }

  private void assertUntouchedByTheStaleClaim(Claims claims, Throwable late) {
    assertThat(late).isInstanceOf(StaleClaim.class);
    assertThat(job("status", claims)).isEqualTo("running");
    assertThat(job("attempts", claims)).isEqualTo(String.valueOf(claims.current().attempts()));
    assertThat(job("last_error", claims)).isNull();
  }

  /** The text's send state ({@code status} is its place in the outbox, as a job's was). */
  private String job(String column, Claims claims) {
    String sendColumn = column.equals("status") ? "send_status" : column;
    return db.queryString("SELECT " + sendColumn + "::text FROM messages WHERE id = ?", claims.current().messageId());
  }

  private String message(String column, Claims claims) {
    return db.queryString("SELECT " + column + " FROM messages WHERE id = ?", claims.current().messageId());
  }

  private static Throwable failureOf(Future<Void> settle) {
    return settle.transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  private static ClaimedSms only(Future<List<ClaimedSms>> claims) {
    List<ClaimedSms> all = claims.await();
    assertThat(all).hasSize(1);
    return all.get(0);
  }
}

package com.missedcall.admin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A webhook worker whose lease expired may still get its answer and settle after another worker claimed the
 * delivery again (attempt + 1): the settle is fenced by (job id, attempt), so the late one fails with
 * {@link StaleClaim} and records nothing (no attempt, no delivery status), while the newer claim's settle works.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookSettleFencingTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private TestDatabase db;
  private Vertx vertx;
  private Pool pool;
  private WebhookDeliveryStore store;
  private long agencyId;
  private long endpointId;
  private long workspaceId;

  @BeforeAll
  void start(TestDatabase db) {
    this.db = db;
    vertx = Vertx.vertx();
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    Migrations.apply(vertx, url).await();
    pool = PgBuilder.pool().connectingTo(url.connectOptions()).using(vertx).build();
    store = new WebhookDeliveryStore(pool, AdminUnderTest.SECRETS);
    agencyId = db.queryLong("INSERT INTO agencies (name) VALUES ('Fencing agency') RETURNING id");
    workspaceId = db.queryLong("INSERT INTO workspaces (agency_id, name) VALUES (?, 'Fenced') RETURNING id", agencyId);
    endpointId = db.queryLong("INSERT INTO webhook_endpoints (agency_id, url, events, secret) "
        + "VALUES (?, 'https://hooks.example.com/in', ARRAY['lead.created'], 'unused') RETURNING id", agencyId);
  }

  @AfterAll
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void aLateDeliveredSettleFromAnExpiredClaimRecordsNothingAndTheNewClaimsSettleWorks() {
    Claims claims = claimTwice();

    Throwable late = failureOf(store.settle(claims.stale(), answered(claims.stale(), 200), null));
    assertUntouchedByTheStaleClaim(claims, late);

    store.settle(claims.current(), answered(claims.current(), 200), null).await();
    assertThat(job("status", claims)).isEqualTo("done");
    assertThat(delivery("status", claims)).isEqualTo("delivered");
    assertThat(attemptsLogged(claims)).isEqualTo(1);
  }

  @Test
  void aLateRetrySettleFromAnExpiredClaimRecordsNothingAndTheNewClaimsRetryWorks() {
    Claims claims = claimTwice();
    OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5);

    Throwable late = failureOf(store.settle(claims.stale(), answered(claims.stale(), 500), later));
    assertUntouchedByTheStaleClaim(claims, late);

    store.settle(claims.current(), answered(claims.current(), 503), later).await();
    assertThat(job("status", claims)).isEqualTo("pending");
    assertThat(delivery("last_status_code", claims)).isEqualTo("503");
  }

  @Test
  void aLateFailedSettleFromAnExpiredClaimRecordsNothing() {
    Claims claims = claimTwice();

    Throwable late = failureOf(store.settle(claims.stale(), answered(claims.stale(), 500), null));

    assertUntouchedByTheStaleClaim(claims, late);
  }

  @Test
  void aLateAbandonFromAnExpiredClaimChangesNothing() {
    Claims claims = claimTwice();

    Throwable late = failureOf(store.abandon(claims.stale(), "the endpoint was deleted or disabled"));

    assertUntouchedByTheStaleClaim(claims, late);
  }

  /** A delivery claimed once, its lease run out, and claimed again by another worker. */
  private record Claims(WebhookDeliveryStore.Claimed stale, WebhookDeliveryStore.Claimed current) {}

  private Claims claimTwice() {
    long delivery = db.queryLong("INSERT INTO webhook_deliveries (agency_id, endpoint_id, event_id, event_type, payload) "
        + "VALUES (?, ?, gen_random_uuid(), 'lead.created', '{}') RETURNING id", agencyId, endpointId);
    long jobId = db.queryLong("INSERT INTO jobs (workspace_id, kind, payload) "
        + "VALUES (?, 'webhook', jsonb_build_object('delivery_id', ?::bigint)) RETURNING id", workspaceId, delivery);
    WebhookDeliveryStore.Claimed first = claim(jobId);
    // the first worker stalls past its lease (arranged in the row: no test waits for a clock)
    db.execute("UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = " + jobId);
    WebhookDeliveryStore.Claimed second = claim(jobId);
    assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
    return new Claims(first, second);
  }

  private WebhookDeliveryStore.Claimed claim(long jobId) {
    return store.claim(LEASE, 100).await().stream().filter(c -> c.jobId() == jobId).findFirst().orElseThrow();
  }

  private static WebhookDeliveryStore.Attempt answered(WebhookDeliveryStore.Claimed claim, int status) {
    return new WebhookDeliveryStore.Attempt(claim.attempt(), OffsetDateTime.now(ZoneOffset.UTC), 12, status,
        status / 100 == 2 ? null : "HTTP " + status, false);
  }

  private void assertUntouchedByTheStaleClaim(Claims claims, Throwable late) {
    assertThat(late).isInstanceOf(StaleClaim.class);
    assertThat(job("status", claims)).isEqualTo("running");
    assertThat(job("attempts", claims)).isEqualTo(String.valueOf(claims.current().attempt()));
    assertThat(delivery("status", claims)).isEqualTo("pending");
    assertThat(delivery("attempts", claims)).isEqualTo("0");
    assertThat(attemptsLogged(claims)).isZero();
  }

  private String job(String column, Claims claims) {
    return db.queryString("SELECT " + column + "::text FROM jobs WHERE id = ?", claims.current().jobId());
  }

  private String delivery(String column, Claims claims) {
    return db.queryString("SELECT " + column + "::text FROM webhook_deliveries WHERE id = ?",
        claims.current().deliveryId());
  }

  private long attemptsLogged(Claims claims) {
    return db.queryLong("SELECT count(*) FROM webhook_attempts WHERE delivery_id = ?", claims.current().deliveryId());
  }

  private static Throwable failureOf(Future<Void> settle) {
    return settle.transform(ar -> Future.succeededFuture(ar.cause())).await();
  }
}

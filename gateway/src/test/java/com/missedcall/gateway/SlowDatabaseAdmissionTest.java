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
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admission control when PostgreSQL is slow: a transaction holds the {@code calls} table (every decision
 * waits on it) while the gateway, with one connection, is flooded with missed calls to numbers it has not
 * looked up yet. Every webhook is answered either 2xx, and its caller is then texted exactly once, or 503
 * {@code overloaded} with nothing of it written: the work that cannot get the database soon is shed before it
 * queues, never failed by the pool's own wait queue or connection timeout.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowDatabaseAdmissionTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration LEASE = Duration.ofSeconds(2);
  private TestDatabase db;
  private GatewayUnderTest gw;

  private record Call(TestTenant.Created tenant, String callSid, String caller, Future<WebhookResponse> answer) {}

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of("DATABASE_POOL_SIZE", "1", "JOB_LEASE_SECONDS",
        String.valueOf(LEASE.toSeconds()), "TWILIO_TIMEOUT_MS", "1000", "RECONCILE_ENABLED", "false"));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private Call call(TestTenant.Created t) {
    String sid = TwilioPayloads.newCallSid();
    String caller = TestTenant.randomNumber();
    return new Call(t, sid, caller, gw.forwardedCallEnded(t, sid, caller));
  }

  private List<Call> flood(List<TestTenant.Created> tenants, int perTenant) {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < perTenant; i++) {
      for (TestTenant.Created t : tenants) {
        calls.add(call(t));
      }
    }
    Future.join(calls.stream().map(Call::answer).toList()).otherwiseEmpty().await();
    return calls;
  }

  private long waitingOnLocks() {
    return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        + " AND query LIKE '%recovery_decide_batch%'");
  }

  @Test
  void everyMissedCallIsEitherAcknowledgedAndTextedOnceOrShedAsOverloadedWithNothingWritten() throws Exception {
    TestTenant.Created first = gw.register(TestTenant.in(db).create());
    List<TestTenant.Created> tenants = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      tenants.add(gw.register(TestTenant.in(db).create()));
    }
    List<Call> calls = new ArrayList<>();
    try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      st.execute("LOCK TABLE calls IN EXCLUSIVE MODE"); // reads go on, every decision waits
      calls.add(call(first));
      await().atMost(WAIT).until(() -> waitingOnLocks() > 0); // the one connection is now stuck in a decision

      calls.addAll(flood(tenants, 10));

      holder.commit();
    }
    calls.addAll(flood(tenants, 10)); // and once the database is back

    List<Call> acknowledged = new ArrayList<>();
    for (Call c : calls) {
      WebhookResponse r = c.answer().await();
      if (r.statusCode() == 503) {
        assertThat(new JsonObject(r.body()).getString("code")).as(r.body()).isEqualTo("overloaded");
        assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", c.callSid())).isZero();
      } else {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        acknowledged.add(c);
      }
    }
    assertThat(acknowledged).extracting(Call::callSid).contains(calls.get(0).callSid());
    assertThat(calls.size() - acknowledged.size()).as("calls shed while the database was stuck").isPositive();

    List<Long> workspaces = new ArrayList<>(tenants.stream().map(TestTenant.Created::workspaceId).toList());
    workspaces.add(first.workspaceId());
    String inList = workspaces.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM messages WHERE workspace_id IN (" + inList
        + ") AND kind = 'textback' AND send_status IN ('pending', 'running')") == 0);
    await().pollDelay(LEASE.plusSeconds(1)).atMost(WAIT).until(() -> true); // past every lease: no late resend
    for (Call c : acknowledged) {
      assertThat(gw.simulator().messagesTo(c.caller())).as("texts to an acknowledged caller").hasSize(1);
    }
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id IN (" + inList + ")"))
        .isEqualTo(acknowledged.size());
  }
}

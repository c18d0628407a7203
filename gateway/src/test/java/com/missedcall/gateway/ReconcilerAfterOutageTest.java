package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TcpProxy;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Twilio does not retry an inbound-SMS webhook answered 503: the reconciler is what turns it into a stored
 * text and an answer once PostgreSQL is back. PostgreSQL sits behind a proxy the test cuts.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcilerAfterOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private TestDatabase db;
  private TcpProxy pgProxy;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    pgProxy = TcpProxy.start(db.host(), db.port());
    String proxiedDb = "postgresql://" + db.user() + "@127.0.0.1:" + pgProxy.port() + "/" + db.name();
    gw = GatewayUnderTest.start(proxiedDb, redis.url(), redis.keyPrefix(), Map.of(
            "RECONCILE_INTERVAL_MS", "300", "RECONCILE_LOOKBACK_SECONDS", "120", "RECONCILE_GRACE_SECONDS", "0"),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
    pgProxy.close();
  }

  @Test
  void anInboundReplyAnswered503IsStoredOnceAndAnsweredOnceByTheReconcilerWhenPostgresIsBack() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Ace Plumbing").create());
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    String body = "Water heater is out";
    String sid = gw.simulator().inbound().recordMessage(t.accountSid(), caller, t.number(), body);
    pgProxy.cut();

    WebhookResponse refused = gw.post("/twilio/sms/inbound",
        TwilioPayloads.inboundSms(t.accountSid(), sid, caller, t.number(), body), t.authToken()).await();
    pgProxy.restore();

    assertThat(refused.statusCode()).isEqualTo(503);
    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    gw.settled(db).textsOf(t.workspaceId());
    for (int i = 0; i < 2; i++) {
      String mark = db.queryString("SELECT now()::text");
      await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM reconciler_leases WHERE account_sid = ? "
          + "AND last_success_at > ?::timestamptz", t.accountSid(), mark) == 1);
    }
    c.awaitSettled(t);
    assertThat(c.textsTo(caller)).hasSize(2);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE message_sid = ?", sid)).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'ai_reply'", t.workspaceId()))
        .isEqualTo(1);
  }
}

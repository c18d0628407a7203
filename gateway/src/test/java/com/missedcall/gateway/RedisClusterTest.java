package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.LocalRedisCluster;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.recovery.fastpath.CallKeys;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The missed-call path against a real Redis Cluster (three masters on loopback, REDIS_MODE=cluster): the
 * Lua fast path and its hash-tagged keys work unchanged, and duplicates and caps behave as on one Redis.
 * The fast path falls back to Postgres when Redis fails, so "texted" alone would prove nothing: every
 * test also checks the fast path's own verdicts and that Redis never failed.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestDatabase db;
  private String keyPrefix;
  private LocalRedisCluster cluster;
  private GatewayUnderTest gw;
  private Redis clusterClient;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis, @TempDir Path dir) {
    this.db = db;
    this.keyPrefix = redis.keyPrefix();
    cluster = LocalRedisCluster.start(dir, 3);
    // a cold cluster client learns the slot map on first use: give it more than the 250 ms production budget
    gw = GatewayUnderTest.start(db.url(), cluster.redisUrl(), keyPrefix,
        Map.of("REDIS_MODE", "cluster", "REDIS_TIMEOUT_MS", "2000"));
    clusterClient = Redis.createClient(gw.clientVertx(), new RedisOptions().setType(RedisClientType.CLUSTER)
        .setEndpoints(cluster.endpoints()));
  }

  @AfterAll
  void stop() {
    try {
      if (clusterClient != null) {
        clusterClient.close();
      }
      if (gw != null) {
        gw.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void aMissedCallIsReservedByTheLuaScriptOnTheClusterAndTextedOnce() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    double reserved = verdicts("reserved");
    double errors = redisErrors();

    WebhookResponse response = gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(verdicts("reserved")).isEqualTo(reserved + 1);
    assertThat(reasonOf(callSid)).isEqualTo("texted");
    CallKeys keys = keysOf(t, callSid, caller);
    await().atMost(WAIT).until(() -> exists(keys.done()));
    assertThat(exists(keys.window())).isTrue();
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(caller).size() == 1);
    assertThat(redisErrors()).isEqualTo(errors);
  }

  @Test
  void theSameWebhookAgainIsRecognisedAsDoneByTheClusterAndSendsNoSecondText() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    double errors = redisErrors();
    gw.forwardedCallEnded(t, callSid, caller).await();
    await().atMost(WAIT).until(() -> exists(keysOf(t, callSid, caller).done()));
    double done = verdicts("done");

    WebhookResponse again = gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(again.statusCode()).isEqualTo(204);
    assertThat(verdicts("done")).isEqualTo(done + 1);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid)).isEqualTo(1);
    gw.settled(db).textsTo(caller);
    assertThat(gw.simulator().messagesTo(caller).size()).isEqualTo(1);
    assertThat(redisErrors()).isEqualTo(errors);
  }

  @Test
  void aRepeatCallerWithinTheWindowIsRefusedByTheClusterAndTextedOnce() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    double window = verdicts("window");
    double errors = redisErrors();
    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();

    List<Future<WebhookResponse>> repeats = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      repeats.add(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller));
    }
    Future.all(repeats).await();

    assertThat(verdicts("window")).isEqualTo(window + 3);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'within_duplicate_window'",
        t.workspaceId())).isEqualTo(3);
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ?", t.workspaceId())).isEqualTo(1);
    gw.settled(db).textsTo(caller);
    assertThat(gw.simulator().messagesTo(caller).size()).isEqualTo(1);
    assertThat(redisErrors()).isEqualTo(errors);
  }

  @Test
  void aDailyCapOfNOnTheClusterGivesExactlyNTextsUnderConcurrentCalls() {
    int cap = 3;
    TestTenant.Created t = gw.register(TestTenant.in(db).dailySmsCap(cap).create());
    double refused = verdicts("sms_cap");
    double errors = redisErrors();
    List<Future<WebhookResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 3 * cap; i++) {
      calls.add(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), TestTenant.randomNumber()));
    }
    Future.all(calls).await();

    // Postgres has the last word (it decides every call, and a reservation it overrules is given back), so the
    // cluster's counter is a hint: what holds is that the script counted there, never past the cap, and that
    // it refused the calls over the cap
    assertThat(verdicts("sms_cap")).isGreaterThan(refused);
    assertThat(Integer.parseInt(get(smsTodayKey(t)))).isBetween(1, cap);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'", t.workspaceId()))
        .isEqualTo(cap);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'daily_sms_cap_reached'",
        t.workspaceId())).isEqualTo(2L * cap);
    await().atMost(WAIT).until(() -> textsFrom(t) == cap);
    gw.settled(db).textsOf(t.workspaceId());
    assertThat(textsFrom(t)).isEqualTo(cap);
    assertThat(redisErrors()).isEqualTo(errors);
  }

  private CallKeys keysOf(TestTenant.Created t, String callSid, String caller) {
    // the done and window keys do not depend on the time zone or the day
    return CallKeys.of(keyPrefix, t.workspaceId(), t.accountSid(), callSid, caller, ZoneOffset.UTC, Instant.now());
  }

  /** The cluster's count of texts today for the workspace, in the workspace's time zone as the gateway keys it. */
  private String smsTodayKey(TestTenant.Created t) {
    ZoneId zone = ZoneId.of(db.queryString("SELECT timezone FROM workspaces WHERE id = ?", t.workspaceId()));
    return CallKeys.of(keyPrefix, t.workspaceId(), t.accountSid(), "-", "-", zone, Instant.now()).smsDay();
  }

  private String get(String key) {
    var value = RedisAPI.api(clusterClient).get(key).await();
    return value == null ? null : value.toString();
  }

  private boolean exists(String key) {
    return RedisAPI.api(clusterClient).exists(List.of(key)).await().toInteger() == 1;
  }

  private double verdicts(String verdict) {
    Counter c = gw.gateway().registry().find("recovery_fastpath_verdicts_total").tag("verdict", verdict).counter();
    return c == null ? 0 : c.count();
  }

  private double redisErrors() {
    Counter c = gw.gateway().registry().find("recovery_redis_errors_total").counter();
    return c == null ? 0 : c.count();
  }

  private String reasonOf(String callSid) {
    return db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid);
  }

  private long textsFrom(TestTenant.Created t) {
    return gw.simulator().messages().stream().filter(m -> m.from().equals(t.number())).count();
  }
}

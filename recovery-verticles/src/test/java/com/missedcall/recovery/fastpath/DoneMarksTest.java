package com.missedcall.recovery.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A committed CallSid's done marker costs no round trip of its own: it rides on the next admit of its
 * workspace, or goes with every other waiting marker in one flush; once written, a retry of the CallSid is done.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoneMarksTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private Vertx vertx;
  private RedisAPI redis;
  private String prefix;

  @BeforeAll
  void start(TestRedis testRedis) {
    vertx = Vertx.vertx();
    redis = RedisAPI.api(Redis.createClient(vertx, testRedis.url()));
    prefix = testRedis.keyPrefix();
  }

  @AfterAll
  void stop() {
    redis.close();
    vertx.close().await();
  }

  private FastPath fastPath() {
    return new FastPath(redis, Duration.ofSeconds(2), Duration.ofSeconds(2), () -> { }, true);
  }

  private CallKeys call(long workspace) {
    String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
    return CallKeys.of(prefix, workspace, "AC" + "0".repeat(32), callSid, "+1555" + (int) (Math.random() * 1e7),
        ZoneOffset.UTC, Instant.now());
  }

  private Admission admit(FastPath fastPath, CallKeys keys) {
    return fastPath.admit(keys, 0, 1000, 1000, () -> Future.succeededFuture(new FastPath.Seeds(0, 0))).await();
  }

  private boolean exists(String key) {
    return redis.exists(List.of(key)).await().toInteger() == 1;
  }

  @Test
  void aMarkerWaitsUntilTheNextAdmitOfItsWorkspaceCarriesIt() {
    FastPath fastPath = fastPath();
    CallKeys decided = call(1);
    fastPath.markDone(decided, TTL);

    assertThat(exists(decided.done())).isFalse();
    admit(fastPath, call(1));

    assertThat(exists(decided.done())).isTrue();
    assertThat(fastPath.doneMarksWaiting()).isZero();
  }

  @Test
  void anAdmitOfAnotherWorkspaceLeavesTheMarkerWaiting() {
    FastPath fastPath = fastPath();
    CallKeys decided = call(2);
    fastPath.markDone(decided, TTL);

    admit(fastPath, call(3));

    assertThat(exists(decided.done())).isFalse();
    assertThat(fastPath.doneMarksWaiting()).isOne();
  }

  @Test
  void oneFlushWritesTheWaitingMarkersOfEveryWorkspace() {
    FastPath fastPath = fastPath();
    CallKeys first = call(4);
    CallKeys second = call(5);
    fastPath.markDone(first, TTL);
    fastPath.markDone(second, TTL);

    fastPath.flushDoneMarks().await();

    assertThat(exists(first.done())).isTrue();
    assertThat(exists(second.done())).isTrue();
    assertThat(fastPath.doneMarksWaiting()).isZero();
    assertThat(redis.pttl(first.done()).await().toLong()).isPositive();
  }

  @Test
  void aRetryOfACallSidWhoseMarkerWasWrittenIsDone() {
    FastPath fastPath = fastPath();
    CallKeys decided = call(6);
    assertThat(admit(fastPath, decided).verdict()).isEqualTo(FastPathVerdict.RESERVED);
    fastPath.markDone(decided, TTL);
    fastPath.flushDoneMarks().await();

    assertThat(admit(fastPath, decided).verdict()).isEqualTo(FastPathVerdict.DONE);
  }

  @Test
  void aRetryArrivingWhileItsMarkerWaitsIsDoneTooWhenItsAdmitCarriesTheMarker() {
    FastPath fastPath = fastPath();
    CallKeys decided = call(7);
    admit(fastPath, decided);
    fastPath.markDone(decided, TTL);

    assertThat(admit(fastPath, decided).verdict()).isEqualTo(FastPathVerdict.DONE);
  }
}

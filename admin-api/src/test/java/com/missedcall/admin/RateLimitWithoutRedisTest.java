package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.auth.RateLimiter;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TcpProxy;
import com.missedcall.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With Redis unreachable the limit still holds, counted per key in the process, and Redis is not asked again at once. */
@ExtendWith(RealServersExtension.class)
class RateLimitWithoutRedisTest {
  private static final int LIMIT = 3;
  private final Vertx vertx = Vertx.vertx();
  private TcpProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    vertx.close().await();
  }

  private RateLimiter limiterThroughProxy(TestRedis redis) {
    proxy = TcpProxy.start(redis.host(), redis.port());
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + proxy.port()));
    return new RateLimiter(RedisAPI.api(client), redis.keyPrefix(), LIMIT, Duration.ofMinutes(1), Duration.ofSeconds(2),
        Duration.ofMinutes(1));
  }

  @Test
  void withRedisCutAKeyOverItsLimitIsStillRefused(TestRedis redis) {
    RateLimiter limiter = limiterThroughProxy(redis);
    proxy.cut();

    for (int i = 0; i < LIMIT; i++) {
      assertThat(limiter.hit(42).await().allowed()).isTrue();
    }

    RateLimiter.Verdict over = limiter.hit(42).await();
    assertThat(over.allowed()).isFalse();
    assertThat(over.remaining()).isZero();
    assertThat(limiter.hit(43).await().allowed()).isTrue();
  }

  @Test
  void afterOneRedisFailureRedisIsSkippedForTheBackOff(TestRedis redis) {
    RateLimiter limiter = limiterThroughProxy(redis);
    assertThat(limiter.hit(7).await().allowed()).isTrue();
    assertThat(limiter.redisSkipped()).isFalse();
    proxy.cut();

    limiter.hit(7).await();

    assertThat(limiter.redisSkipped()).isTrue();
  }
}

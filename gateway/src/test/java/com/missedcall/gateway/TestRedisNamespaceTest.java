package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.RedisNamespace;
import com.missedcall.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Test classes clean up their Redis namespace (the extension does it after each class and checks it). */
@ExtendWith(RealServersExtension.class)
class TestRedisNamespaceTest {

  @Test
  void deletingANamespaceRemovesEveryKeyOfItAndNoneOfAnotherPrefix(TestRedis redis) {
    Vertx vertx = Vertx.vertx();
    Redis client = Redis.createClient(vertx, redis.url());
    String sibling = redis.keyPrefix().substring(0, redis.keyPrefix().length() - 1) + "x:";
    try {
      RedisAPI api = RedisAPI.api(client);
      for (int i = 0; i < 2_500; i++) {
        api.set(List.of(redis.keyPrefix() + "k" + i, "v", "EX", "600")).await();
      }
      api.set(List.of(sibling + "other", "v", "EX", "600")).await();

      assertThat(RedisNamespace.count(redis.host(), redis.port(), redis.keyPrefix())).isEqualTo(2_500);
      assertThat(RedisNamespace.deleteAll(redis.host(), redis.port(), redis.keyPrefix())).isEqualTo(2_500);

      assertThat(RedisNamespace.count(redis.host(), redis.port(), redis.keyPrefix())).isZero();
      assertThat(api.exists(List.of(sibling + "other")).await().toInteger()).isEqualTo(1);
      api.del(List.of(sibling + "other")).await();
    } finally {
      client.close();
      vertx.close().await();
    }
  }
}

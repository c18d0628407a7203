package com.missedcall.gateway;

import com.missedcall.gateway.support.GatewayUnderTest;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** Wipes this test's Redis namespace, as a Redis restart without persistence would. */
final class RedisKeys {
  private RedisKeys() {}

  static void deleteAll(GatewayUnderTest gw) {
    String url = gw.gateway().config().redisUrl();
    String prefix = gw.gateway().config().redisKeyPrefix();
    Redis client = Redis.createClient(gw.clientVertx(), new RedisOptions().setConnectionString(url));
    try {
      RedisAPI api = RedisAPI.api(client);
      Response keys = api.keys(prefix + "*").await();
      List<String> names = new ArrayList<>();
      keys.forEach(k -> names.add(k.toString()));
      if (!names.isEmpty()) {
        api.del(names).await();
      }
    } finally {
      client.close();
    }
  }
}

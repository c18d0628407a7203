package com.missedcall.gateway.intake;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Submissions of the intake page per link and per remote address, counted in Redis over a fixed window. Redis
 * unreachable: allowed (the link still takes one submission, bodies are still capped).
 */
public final class IntakeRateLimit {
  static final int PER_LINK = 10;
  static final int PER_ADDRESS = 30;
  static final int WINDOW_SECONDS = 600;

  private final RedisAPI redis;
  private final String prefix;

  public IntakeRateLimit(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  public Future<Boolean> allow(String linkHash, String address) {
    if (redis == null) {
      return Future.succeededFuture(true);
    }
    return Future.all(count(prefix + "intake:link:" + linkHash.substring(0, 32)),
            count(prefix + "intake:addr:" + address))
        .map(counts -> counts.<Long>resultAt(0) <= PER_LINK && counts.<Long>resultAt(1) <= PER_ADDRESS)
        .otherwise(true);
  }

  private Future<Long> count(String key) {
    return redis.incr(key).compose(n -> {
      long value = n.toLong();
      Future<Response> expiry = value == 1 ? redis.expire(List.of(key, String.valueOf(WINDOW_SECONDS)))
          : Future.succeededFuture();
      return expiry.map(value);
    });
  }
}

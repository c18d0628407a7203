package com.missedcall.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ready means: migrations ran, PostgreSQL answers, and the process is not shutting down. Redis is
 * reported but does not gate readiness: without it the gateway still decides (on PostgreSQL alone,
 * "degraded"), and failing every pod's readiness at once would turn a slower gateway into no gateway.
 * Liveness asks nothing of the dependencies, so a database outage never restarts healthy pods.
 */
public final class Readiness {
  private final Pool pool;
  private final RedisAPI redis;
  private volatile boolean migrated;
  private volatile boolean draining;

  public Readiness(Pool pool, RedisAPI redis) {
    this.pool = pool;
    this.redis = redis;
  }

  public void migrated() {
    migrated = true;
  }

  /** From now on readiness answers 503 so the load balancer stops sending work. */
  public void drain() {
    draining = true;
  }

  public Future<JsonObject> check() {
    Future<String> pg = pool.query("SELECT 1").execute().map("up").timeout(1, TimeUnit.SECONDS).otherwise("down");
    Future<String> rd = redis.ping(List.of()).map("up").timeout(1, TimeUnit.SECONDS).otherwise("down");
    return Future.join(pg, rd).transform(ar -> {
      boolean ready = migrated && !draining && "up".equals(pg.result());
      return Future.succeededFuture(new JsonObject()
          .put("status", ready ? "ready" : "not_ready")
          .put("mode", "up".equals(rd.result()) ? "normal" : "degraded")
          .put("postgres", pg.result())
          .put("redis", rd.result())
          .put("migrations", migrated ? "applied" : "pending")
          .put("draining", draining));
    });
  }
}

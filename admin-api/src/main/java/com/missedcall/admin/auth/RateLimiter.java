package com.missedcall.admin.auth;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed-window request counter per API key in Redis (one Lua round trip: INCR, and PEXPIRE on the
 * window's first request). When Redis fails, the limit falls back to a fixed window per key in this
 * process, and Redis is skipped for a short back-off, so an outage adds no wait to every request. Limits
 * (documented): while Redis is down each process counts on its own, so N processes allow up to N times the
 * limit; the counts are not carried back to Redis when it returns.
 */
public final class RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final String SCRIPT = script();
  private static final String SHA = sha1(SCRIPT);

  /** Whether the request may proceed, how many remain in the window, and when the window resets. */
  public record Verdict(boolean allowed, int limit, int remaining, long resetMs) {
    public long retryAfterSeconds() {
      return Math.max(1, (resetMs + 999) / 1000);
    }
  }

  private final RedisAPI redis;
  private final String keyPrefix;
  private final int limit;
  private final Duration window;
  private final Duration timeout;
  private final Duration backOff;
  private final ConcurrentHashMap<Long, long[]> local = new ConcurrentHashMap<>();
  private volatile long redisSkippedUntil;

  public RateLimiter(RedisAPI redis, String keyPrefix, int limit, Duration window, Duration timeout) {
    this(redis, keyPrefix, limit, window, timeout, Duration.ofSeconds(5));
  }

  public RateLimiter(RedisAPI redis, String keyPrefix, int limit, Duration window, Duration timeout,
                     Duration backOff) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.limit = limit;
    this.window = window;
    this.timeout = timeout;
    this.backOff = backOff;
  }

  /** Redis failed recently: requests are counted in this process without asking it. */
  public boolean redisSkipped() {
    return System.nanoTime() - redisSkippedUntil < 0;
  }

  public Future<Verdict> hit(long keyId) {
    if (redisSkipped()) {
      return Future.succeededFuture(localHit(keyId));
    }
    // one key per API key: the hash tag keeps it on one cluster slot by construction
    List<String> args = new ArrayList<>(List.of(SHA, "1", keyPrefix + "{rl:" + keyId + "}",
        String.valueOf(window.toMillis())));
    return redis.evalsha(args)
        .recover(err -> String.valueOf(err.getMessage()).startsWith("NOSCRIPT")
            ? redis.eval(withBody(args))
            : Future.failedFuture(err))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .map(this::toVerdict)
        .otherwise(err -> {
          redisSkippedUntil = System.nanoTime() + backOff.toNanos();
          LOG.atWarn().addKeyValue("error", String.valueOf(err)).addKeyValue("backOffMs", backOff.toMillis())
              .log("rate limit counted in process: redis unavailable");
          return localHit(keyId);
        });
  }

  /** A fixed window per key in this process (the fallback while Redis is unavailable). */
  private Verdict localHit(long keyId) {
    long now = System.nanoTime();
    long windowNanos = window.toNanos();
    long[] state = local.compute(keyId, (k, w) -> {
      if (w == null || now - w[0] >= windowNanos) {
        return new long[] {now, 1};
      }
      return new long[] {w[0], w[1] + 1};
    });
    if (local.size() > 100_000) {
      local.entrySet().removeIf(e -> now - e.getValue()[0] >= windowNanos);
    }
    long resetMs = Math.max(0, (windowNanos - (now - state[0])) / 1_000_000);
    return new Verdict(state[1] <= limit, limit, (int) Math.max(0, limit - state[1]), resetMs);
  }

  private Verdict toVerdict(Response r) {
    long count = r.get(0).toLong();
    long ttl = r.get(1).toLong();
    return new Verdict(count <= limit, limit, (int) Math.max(0, limit - count), Math.max(0, ttl));
  }

  private static List<String> withBody(List<String> args) {
    List<String> copy = new ArrayList<>(args);
    copy.set(0, SCRIPT);
    return copy;
  }

  private static String script() {
    try (InputStream in = RateLimiter.class.getResourceAsStream("rate-limit.lua")) {
      if (in == null) {
        throw new IllegalStateException("missing rate-limit.lua");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String s) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed-window request counter per API key in Redis (one Lua round trip: INCR, and PEXPIRE on the
 * window's first request). Redis holds nothing that matters here: if it is unreachable, requests are
 * let through rather than refused.
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

  public RateLimiter(RedisAPI redis, String keyPrefix, int limit, Duration window, Duration timeout) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.limit = limit;
    this.window = window;
    this.timeout = timeout;
  }

  public Future<Verdict> hit(long keyId) {
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
          LOG.atWarn().addKeyValue("error", String.valueOf(err)).log("rate limit not checked: redis unavailable");
          return new Verdict(true, limit, limit, window.toMillis());
        });
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

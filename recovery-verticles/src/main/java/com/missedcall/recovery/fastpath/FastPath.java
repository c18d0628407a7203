package com.missedcall.recovery.fastpath;

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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis fast path in front of the Postgres decision: one script round trip answers "already
 * done?", reserves the caller's duplicate window and the cap slots, and counters are seeded from
 * Postgres when absent. Redis holds nothing that cannot be rebuilt; when it is unreachable or slow
 * the fast path says so at once and stays out of the way for a short while (Postgres alone decides).
 */
public final class FastPath {
  private static final Logger LOG = LoggerFactory.getLogger(FastPath.class);
  private static final String ADMIT = script("admit.lua");
  private static final String RELEASE = script("release.lua");

  /** Counters as Postgres has them, to seed Redis. */
  public record Seeds(int smsToday, int leadsThisMonth) {}

  private final RedisAPI redis;
  private final Duration timeout;
  private final Duration backOff;
  private final ScriptRunner admit;
  private final ScriptRunner release;
  private volatile long skipUntilNanos = System.nanoTime();
  private final Runnable onError;

  public FastPath(RedisAPI redis, Duration timeout, Duration backOff, Runnable onError) {
    this.redis = redis;
    this.timeout = timeout;
    this.backOff = backOff;
    this.onError = onError;
    this.admit = new ScriptRunner(redis, ADMIT);
    this.release = new ScriptRunner(redis, RELEASE);
  }

  /** Whether Redis is currently considered reachable (false during the back-off after an error). */
  public boolean available() {
    return System.nanoTime() - skipUntilNanos >= 0;
  }

  public Future<Admission> admit(CallKeys keys, int windowSeconds, int dailyCap, int monthlyCap,
                                 Supplier<Future<Seeds>> seeds) {
    if (!available()) {
      return Future.succeededFuture(Admission.unavailable(keys));
    }
    return runAdmit(keys, windowSeconds, dailyCap, monthlyCap, null)
        .compose(r -> "seed".equals(r.get(0).toString())
            ? seeds.get().compose(s -> runAdmit(keys, windowSeconds, dailyCap, monthlyCap, s))
            : Future.succeededFuture(r))
        .map(r -> toAdmission(keys, r))
        .otherwise(err -> {
          unreachable(err);
          return Admission.unavailable(keys);
        });
  }

  private Future<Response> runAdmit(CallKeys keys, int windowSeconds, int dailyCap, int monthlyCap, Seeds seeds) {
    List<String> argv = List.of(String.valueOf(windowSeconds * 1000L), String.valueOf(dailyCap),
        String.valueOf(monthlyCap), seeds == null ? "" : String.valueOf(seeds.smsToday()),
        seeds == null ? "" : String.valueOf(seeds.leadsThisMonth()), String.valueOf(keys.msUntilDayEnds()),
        String.valueOf(keys.msUntilMonthEnds()));
    return admit.run(keys.all(), argv).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Admission toAdmission(CallKeys keys, Response r) {
    String verdict = r.get(0).toString();
    return switch (verdict) {
      case "done" -> new Admission(FastPathVerdict.DONE, verdict, keys, false);
      case "reserved" -> new Admission(FastPathVerdict.RESERVED, verdict, keys, r.get(1).toInteger() == 1);
      case "window", "sms_cap", "lead_cap" -> new Admission(FastPathVerdict.REFUSAL_EXPECTED, verdict, keys, false);
      default -> throw new IllegalStateException("unexpected fast-path verdict " + verdict);
    };
  }

  /** Gives back the reservation (all of it, or only the lead slot). Failures are logged, never raised. */
  public Future<Void> release(Admission admission, boolean windowAndSms, boolean lead) {
    if (admission.verdict() != FastPathVerdict.RESERVED || (!windowAndSms && !lead)) {
      return Future.succeededFuture();
    }
    List<String> argv = List.of(windowAndSms ? "1" : "0", lead && admission.leadReserved() ? "1" : "0");
    return release.run(admission.keys().all(), argv)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .otherwise(err -> {
          unreachable(err);
          return null;
        });
  }

  /** Remembers a committed CallSid so retries short-circuit. */
  public Future<Void> markDone(CallKeys keys, Duration ttl) {
    if (!available()) {
      return Future.succeededFuture();
    }
    return redis.set(List.of(keys.done(), "1", "PX", String.valueOf(ttl.toMillis())))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .otherwise(err -> {
          unreachable(err);
          return null;
        });
  }

  private void unreachable(Throwable err) {
    skipUntilNanos = System.nanoTime() + backOff.toNanos();
    onError.run();
    LOG.atWarn().addKeyValue("error", String.valueOf(err)).addKeyValue("backOffMs", backOff.toMillis())
        .log("redis fast path unavailable; Postgres decides alone");
  }

  private static String script(String name) {
    try (InputStream in = FastPath.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** EVALSHA with a fallback to EVAL when the server does not know the script yet (restart, new cluster node). */
  private static final class ScriptRunner {
    private final RedisAPI redis;
    private final String body;
    private final String sha;

    ScriptRunner(RedisAPI redis, String body) {
      this.redis = redis;
      this.body = body;
      this.sha = sha1Hex(body);
    }

    Future<Response> run(List<String> keys, List<String> argv) {
      return redis.evalsha(args(sha, keys, argv)).recover(err -> String.valueOf(err.getMessage()).startsWith("NOSCRIPT")
          ? redis.eval(args(body, keys, argv))
          : Future.failedFuture(err));
    }

    private static List<String> args(String first, List<String> keys, List<String> argv) {
      List<String> args = new ArrayList<>(2 + keys.size() + argv.size());
      args.add(first);
      args.add(String.valueOf(keys.size()));
      args.addAll(keys);
      args.addAll(argv);
      return args;
    }

    private static String sha1Hex(String s) {
      try {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package com.missedcall.recovery.fastpath;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis fast path in front of the Postgres decision: one script round trip answers "already
 * done?", reserves the caller's duplicate window and the cap slots, and counters are seeded from
 * Postgres when absent. Redis holds nothing that cannot be rebuilt; when it is unreachable or slow
 * the fast path says so at once and stays out of the way for a short while (Postgres alone decides).
 *
 * <p>A committed CallSid's done marker is not a round trip of its own: it waits here and rides on the next
 * admit of the same workspace (same hash tag, so the same cluster slot), and what no admit carried within a
 * flush interval is written by one script for all of them (one per workspace on a cluster). A retry arriving
 * before its marker is written goes on to Postgres, which answers it as a duplicate; a marker lost with a
 * failed round trip or a stopped process costs the same and nothing else.
 */
public final class FastPath {
  private static final Logger LOG = LoggerFactory.getLogger(FastPath.class);
  private static final String ADMIT = script("admit.lua");
  private static final String RELEASE = script("release.lua");
  private static final String MARK = script("mark.lua");
  /** Markers one admit carries at most (the rest wait for the next one or the flush). */
  private static final int MARKS_PER_ADMIT = 64;
  private static final int MARKS_PER_FLUSH = 1024;

  /** Counters as Postgres has them, to seed Redis. */
  public record Seeds(int smsToday, int leadsThisMonth) {}

  private final RedisAPI redis;
  private final Duration timeout;
  private final Duration backOff;
  private final ScriptRunner admit;
  private final ScriptRunner release;
  private final ScriptRunner mark;
  /** Done markers waiting to be written, by workspace hash tag ({@code <prefix>{ws:ID}}). */
  private final Map<String, Queue<String>> doneMarks = new ConcurrentHashMap<>();
  private final boolean oneNode;
  private volatile long doneTtlMs = 1;
  private volatile long skipUntilNanos = System.nanoTime();
  private final Runnable onError;

  public FastPath(RedisAPI redis, Duration timeout, Duration backOff, Runnable onError) {
    this(redis, timeout, backOff, onError, false);
  }

  /** {@code oneNode}: a single Redis server (not a cluster), so one flush may hold markers of every workspace. */
  public FastPath(RedisAPI redis, Duration timeout, Duration backOff, Runnable onError, boolean oneNode) {
    this.oneNode = oneNode;
    this.redis = redis;
    this.timeout = timeout;
    this.backOff = backOff;
    this.onError = onError;
    this.admit = new ScriptRunner(redis, ADMIT);
    this.release = new ScriptRunner(redis, RELEASE);
    this.mark = new ScriptRunner(redis, MARK);
  }

  /** Writes the done markers no admit carried, every {@code interval}; returns the timer id. */
  public long flushDoneMarksEvery(Vertx vertx, Duration interval) {
    return vertx.setPeriodic(interval.toMillis(), id -> flushDoneMarks());
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
    return runAdmit(keys, windowSeconds, dailyCap, monthlyCap, null, takeMarks(tag(keys.done()), MARKS_PER_ADMIT))
        .compose(r -> "seed".equals(r.get(0).toString())
            ? seeds.get().compose(s -> runAdmit(keys, windowSeconds, dailyCap, monthlyCap, s, List.of()))
            : Future.succeededFuture(r))
        .map(r -> toAdmission(keys, r))
        .otherwise(err -> {
          unreachable(err);
          return Admission.unavailable(keys);
        });
  }

  private Future<Response> runAdmit(CallKeys keys, int windowSeconds, int dailyCap, int monthlyCap, Seeds seeds,
                                    List<String> marks) {
    List<String> argv = List.of(String.valueOf(windowSeconds * 1000L), String.valueOf(dailyCap),
        String.valueOf(monthlyCap), seeds == null ? "" : String.valueOf(seeds.smsToday()),
        seeds == null ? "" : String.valueOf(seeds.leadsThisMonth()), String.valueOf(keys.msUntilDayEnds()),
        String.valueOf(keys.msUntilMonthEnds()), String.valueOf(doneTtlMs));
    List<String> all = keys.all();
    if (!marks.isEmpty()) {
      all = new ArrayList<>(all);
      all.addAll(marks);
    }
    return admit.run(all, argv).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
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

  /**
   * Remembers a committed CallSid so retries short-circuit: queued, written by the workspace's next admit or
   * the next flush.
   */
  public void markDone(CallKeys keys, Duration ttl) {
    if (!available()) {
      return;
    }
    doneTtlMs = ttl.toMillis();
    doneMarks.computeIfAbsent(tag(keys.done()), k -> new ConcurrentLinkedQueue<>()).add(keys.done());
  }

  /** Done markers still waiting (for tests and the flush). */
  public int doneMarksWaiting() {
    return doneMarks.values().stream().mapToInt(Queue::size).sum();
  }

  /** Writes every waiting done marker: one script for all (one per workspace on a cluster). */
  public Future<Void> flushDoneMarks() {
    List<Future<Response>> writes = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    for (String tag : doneMarks.keySet()) {
      List<String> marks = takeMarks(tag, MARKS_PER_FLUSH);
      if (marks.isEmpty()) {
        continue;
      }
      if (oneNode) {
        batch.addAll(marks);
      } else {
        writes.add(writeMarks(marks));
      }
    }
    if (!batch.isEmpty()) {
      writes.add(writeMarks(batch));
    }
    return Future.join(writes).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Response> writeMarks(List<String> marks) {
    return mark.run(marks, List.of(String.valueOf(doneTtlMs)))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(this::unreachable);
  }

  private List<String> takeMarks(String tag, int max) {
    Queue<String> queue = doneMarks.get(tag);
    if (queue == null) {
      return List.of();
    }
    List<String> marks = new ArrayList<>();
    String key;
    while (marks.size() < max && (key = queue.poll()) != null) {
      marks.add(key);
    }
    return marks;
  }

  /** The key's prefix up to its hash tag: every key of one workspace has the same. */
  private static String tag(String key) {
    return key.substring(0, key.indexOf('}') + 1);
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

package com.missedcall.loadtests.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.missedcall.loadtests.Correctness;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bench's load generator for the ceilings and the rate-controlled runs: signed Twilio webhooks
 * offered on a schedule (open model) or back to back (closed model), timed from their scheduled start,
 * with HdrHistogram percentiles, its own CPU share, and the accounting that voids a run whose counts
 * do not add up. Gatling stays for the scenario suite and its HTML reports; this one is small enough
 * never to be what limits the measurement, and says so when it is.
 *
 * <p>Usage: {@code java -cp load-tools.jar com.missedcall.loadtests.load.OpenModelLoad --url=http://127.0.0.1:18080
 * (--rate=R | --concurrency=N) [--ramp=S] [--duration=S] [--kind=missed|progress] [--scenario=1..9]
 * [--account=AC..] [--token=..] [--signed-base=URL] [--workspaces=100] [--connections=2000] [--threads=1]
 * [--timeout-ms=15000] [--drain-ms=10000] [--max-lag-ms=20] [--max-cpu-share=0.5] [--offset=N] --dir=DIR --name=NAME}
 * ({@code --offset} shifts the callers, so a warm-up run does not reuse the measured run's callers).
 *
 * <p>Writes {@code DIR/NAME.load.json} (the figures), and for missed calls the files the bench's checks
 * read: {@code NAME.outcomes.tsv} (which calls were acknowledged), {@code NAME.scheduled.tsv} (CallSid
 * and scheduled epoch milliseconds, for text-back latency from the scheduled start) and
 * {@code NAME.expected.json}.
 */
public final class OpenModelLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  /** A finished run: the merged, frozen tally, the generator's CPU over the load, and the start in epoch ms. */
  public record Result(Tally tally, LoadSummary.GeneratorCpu cpu, long startEpochMillis, long startNanos) {
    public long scheduledEpochMillis(Tally.Request r) {
      return startEpochMillis + TimeUnit.NANOSECONDS.toMillis(r.scheduledNanos - startNanos);
    }
  }

  private OpenModelLoad() {}

  /** Runs the plan on {@code vertx} (one worker verticle per {@code plan.workers()}) and completes when all are frozen. */
  public static Future<Result> run(Vertx vertx, LoadPlan plan, WebhookSource source, boolean keepRequests) {
    long startNanos = System.nanoTime() + START_DELAY_NANOS;
    long startEpoch = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(START_DELAY_NANOS);
    List<LoadWorker> workers = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    for (int k = 0; k < plan.workers(); k++) {
      LoadWorker w = new LoadWorker(plan, source, k, startNanos, keepRequests);
      workers.add(w);
      deployed.add(vertx.deployVerticle(w, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)));
    }
    long[] cpuAtStart = new long[1];
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(startNanos - System.nanoTime())),
        t -> cpuAtStart[0] = processCpuNanos());
    long loadEnd = startNanos + (long) ((plan.rampSeconds() + plan.durationSeconds()) * 1e9);
    long[] cpuAtEnd = new long[1];
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(loadEnd - System.nanoTime())),
        t -> cpuAtEnd[0] = processCpuNanos());
    return Future.all(deployed)
        .compose(v -> Future.all(workers.stream().map(LoadWorker::finished).toList()))
        .map(all -> {
          Tally merged = new Tally(keepRequests);
          long busiest = 0;
          for (LoadWorker w : workers) {
            merged.merge(w.finished().result());
            busiest = Math.max(busiest, w.loopCpuNanos());
          }
          long end = cpuAtEnd[0] > 0 ? cpuAtEnd[0] : processCpuNanos();
          LoadSummary.GeneratorCpu cpu = new LoadSummary.GeneratorCpu(end - cpuAtStart[0], busiest,
              loadEnd - startNanos, Runtime.getRuntime().availableProcessors());
          return new Result(merged, cpu, startEpoch, startNanos);
        })
        .eventually(() -> Future.all(deployed.stream()
            .map(d -> d.succeeded() ? vertx.undeploy(d.result()) : Future.succeededFuture()).toList()));
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = args(argv);
    URI target = URI.create(required(a, "url"));
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    LoadPlan plan = new LoadPlan(target, Double.parseDouble(a.getOrDefault("rate", "0")),
        Integer.parseInt(a.getOrDefault("concurrency", "0")), Double.parseDouble(a.getOrDefault("ramp", "10")),
        Double.parseDouble(a.getOrDefault("duration", "30")), Integer.parseInt(a.getOrDefault("connections", "2000")),
        threads, Long.parseLong(a.getOrDefault("timeout-ms", "15000")),
        Long.parseLong(a.getOrDefault("drain-ms", "10000")));
    WebhookSource.Kind kind = WebhookSource.Kind.valueOf(a.getOrDefault("kind", "missed").toUpperCase());
    WebhookSource source = new WebhookSource(kind, a.getOrDefault("account", "AC00000000000000000000000000000b3c"),
        a.getOrDefault("token", "bench-auth-token-000000000000000000"), a.getOrDefault("signed-base", target.toString()),
        Integer.parseInt(a.getOrDefault("workspaces", "100")), Integer.parseInt(a.getOrDefault("scenario", "1")),
        a.getOrDefault("run-id", Long.toHexString(System.currentTimeMillis())),
        Long.parseLong(a.getOrDefault("offset", "0")));
    LoadSummary.Limits limits = new LoadSummary.Limits(Double.parseDouble(a.getOrDefault("max-lag-ms", "20")),
        Double.parseDouble(a.getOrDefault("max-cpu-share", "0.5")));
    Path dir = Path.of(required(a, "dir"));
    String name = required(a, "name");
    Files.createDirectories(dir);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    boolean keep = kind == WebhookSource.Kind.MISSED;
    Result result = run(vertx, plan, source, keep).await(
        (long) ((plan.rampSeconds() + plan.durationSeconds()) * 1000) + plan.drainMs() + 60_000, TimeUnit.MILLISECONDS);
    ObjectNode summary = LoadSummary.toJson(name, plan, result.tally(), result.cpu(), limits);
    summary.put("kind", kind.name().toLowerCase());
    summary.put("startedAt", java.time.Instant.ofEpochMilli(result.startEpochMillis()).toString());
    if (keep) {
      writeOutcomes(dir, name, source, result, summary);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(name + ".load.json").toFile(), summary);
    System.out.println(LoadSummary.line(summary));
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The checks' inputs: which calls were acknowledged (cut off and refused ones were not), and when each was due. */
  private static void writeOutcomes(Path dir, String name, WebhookSource source, Result result, ObjectNode summary)
      throws IOException {
    String outcomes = name + ".outcomes.tsv";
    String scheduled = name + ".scheduled.tsv";
    try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(outcomes));
         BufferedWriter due = Files.newBufferedWriter(dir.resolve(scheduled))) {
      for (Tally.Request r : result.tally().requests()) {
        out.write(new Correctness.Sent(Correctness.Sent.Kind.MISSED, r.sid, r.caller,
            r.state == Tally.State.ACKNOWLEDGED).line());
        due.write(r.sid + '\t' + result.scheduledEpochMillis(r) + '\n');
      }
    }
    ObjectNode expected = JSON.createObjectNode();
    expected.put("scenario", name);
    expected.put("callerPrefix", source.callerPrefix());
    expected.put("outcomes", outcomes);
    expected.put("scheduled", scheduled);
    expected.put("missedCalls", summary.get("all").get("sent").asLong());
    expected.put("acknowledgedCalls", summary.get("all").get("acknowledged").asLong());
    JSON.writeValue(dir.resolve(name + ".expected.json").toFile(), expected);
  }

  static Map<String, String> args(String[] argv) {
    Map<String, String> a = new HashMap<>();
    for (String arg : argv) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      int eq = arg.indexOf('=');
      a.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return a;
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }
}

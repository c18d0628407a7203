package com.missedcall.loadtests.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bench's voice-recovery load: whole calls through voice recovery (see {@link VoiceCallSource}), started on the
 * open-model {@link Schedule} at {@code --rate} calls per second, each played to its end by a {@link VoiceLoadWorker}.
 * Reports the requests as every other scenario does ({@link LoadSummary}: sent = acknowledged + shed + errors + cut
 * off, ack latencies from the scheduled start, the generator's own health), plus the calls (started = completed +
 * failed + cut off, completed per second after the ramp) and each step's latency: the turn latency is the script
 * path's when the gateway has no model.
 *
 * <p>Usage: {@code java -cp load-tools.jar com.missedcall.loadtests.load.VoiceLoad --url=http://127.0.0.1:18080
 * --rate=R [--ramp=S] [--duration=S] [--think-ms=200] [--numbers=20] [--account=AC..] [--token=..]
 * [--signed-base=URL] [--connections=2000] [--threads=1] [--timeout-ms=15000] [--drain-ms=20000]
 * [--max-lag-ms=20] [--max-cpu-share=0.5] [--run-id=..] --dir=DIR --name=NAME}
 *
 * <p>Writes {@code DIR/NAME.load.json} (the figures), {@code NAME.calls.tsv} (CallSid, caller, what became of the
 * call) and {@code NAME.expected.json}, which the bench's report reads for the voice checks ({@code VoiceChecks}).
 */
public final class VoiceLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  /** A finished run: merged, frozen tallies and the generator's CPU over the load. */
  public record Result(Tally requests, VoiceTally calls, LoadSummary.GeneratorCpu cpu, long startEpochMillis) {}

  private VoiceLoad() {}

  public static Future<Result> run(Vertx vertx, LoadPlan plan, VoiceCallSource source, long thinkMs) {
    long startNanos = System.nanoTime() + START_DELAY_NANOS;
    long startEpoch = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(START_DELAY_NANOS);
    List<VoiceLoadWorker> workers = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    for (int k = 0; k < plan.workers(); k++) {
      VoiceLoadWorker w = new VoiceLoadWorker(plan, source, k, startNanos, thinkMs);
      workers.add(w);
      deployed.add(vertx.deployVerticle(w, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)));
    }
    long[] cpuAtStart = new long[1];
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(startNanos - System.nanoTime())),
        t -> cpuAtStart[0] = OpenModelLoad.processCpuNanos());
    long loadEnd = startNanos + (long) ((plan.rampSeconds() + plan.durationSeconds()) * 1e9);
    long[] cpuAtEnd = new long[1];
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(loadEnd - System.nanoTime())),
        t -> cpuAtEnd[0] = OpenModelLoad.processCpuNanos());
    return Future.all(deployed)
        .compose(v -> Future.all(workers.stream().map(VoiceLoadWorker::finished).toList()))
        .map(all -> {
          Tally requests = new Tally(false);
          VoiceTally calls = new VoiceTally();
          long busiest = 0;
          for (VoiceLoadWorker w : workers) {
            requests.merge(w.tally());
            calls.merge(w.calls());
            busiest = Math.max(busiest, w.loopCpuNanos());
          }
          long end = cpuAtEnd[0] > 0 ? cpuAtEnd[0] : OpenModelLoad.processCpuNanos();
          LoadSummary.GeneratorCpu cpu = new LoadSummary.GeneratorCpu(end - cpuAtStart[0], busiest,
              loadEnd - startNanos, Runtime.getRuntime().availableProcessors());
          return new Result(requests, calls, cpu, startEpoch);
        })
        .eventually(() -> Future.all(deployed.stream()
            .map(d -> d.succeeded() ? vertx.undeploy(d.result()) : Future.succeededFuture()).toList()));
  }

  /** The run's record: the request figures of every scenario, with the calls and step latencies under "voice". */
  public static ObjectNode summary(String name, LoadPlan plan, Result result, LoadSummary.Limits limits, long thinkMs,
                                   int turnsPerCall) {
    ObjectNode n = LoadSummary.toJson(name, plan, result.requests(), result.cpu(), limits);
    n.put("kind", "voice");
    n.put("startedAt", java.time.Instant.ofEpochMilli(result.startEpochMillis()).toString());
    ObjectNode v = n.putObject("voice");
    VoiceTally calls = result.calls();
    v.put("thinkMs", thinkMs);
    v.put("turnsPerCall", turnsPerCall);
    v.put("requestsPerCall", turnsPerCall + 3);
    callCounts(v.putObject("all"), calls.all());
    callCounts(v.putObject("steady"), calls.steady());
    v.put("callsCompletedPerSecond", LoadSummary.round(calls.steady().completed() / plan.durationSeconds()));
    v.put("accounted", calls.all().accounted() && calls.steady().accounted());
    for (String step : VoiceTally.STEPS) {
      v.put(step + "P50Ms", LoadSummary.ms(calls.latency(step), 50));
      v.put(step + "P99Ms", LoadSummary.ms(calls.latency(step), 99));
      v.put(step + "MaxMs", LoadSummary.ms(calls.latency(step), 100));
      v.put(step + "Count", calls.latency(step).getTotalCount());
    }
    ObjectNode failures = v.putObject("failures");
    calls.failures().forEach(failures::put);
    if (!v.get("accounted").asBoolean()) {
      n.put("void", true);
    }
    return n;
  }

  private static void callCounts(ObjectNode n, VoiceTally.Counts c) {
    n.put("started", c.started());
    n.put("completed", c.completed());
    n.put("failed", c.failed());
    n.put("cutOff", c.cutOff());
  }

  /** The generator's line about the calls (the requests have {@link LoadSummary#line}). */
  public static String line(ObjectNode n) {
    var v = n.get("voice");
    var a = v.get("all");
    return String.format("[load] %s: voice calls started %d = %d completed + %d failed + %d cut off%s | %.1f calls/s"
            + " completed after the ramp | turn p50 %.1f p99 %.1f max %.1f ms (%d turns) | greeting p99 %.1f ms"
            + " | status p99 %.1f ms%s",
        n.get("name").asText(), a.get("started").asLong(), a.get("completed").asLong(), a.get("failed").asLong(),
        a.get("cutOff").asLong(), v.get("accounted").asBoolean() ? "" : " VOID (counts do not add up)",
        v.get("callsCompletedPerSecond").asDouble(), v.get("turnP50Ms").asDouble(), v.get("turnP99Ms").asDouble(),
        v.get("turnMaxMs").asDouble(), v.get("turnCount").asLong(), v.get("greetingP99Ms").asDouble(),
        v.get("statusP99Ms").asDouble(), v.get("failures").isEmpty() ? "" : " | failures " + v.get("failures"));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = OpenModelLoad.args(argv);
    URI target = URI.create(required(a, "url"));
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    LoadPlan plan = new LoadPlan(target, Double.parseDouble(required(a, "rate")), 0,
        Double.parseDouble(a.getOrDefault("ramp", "10")), Double.parseDouble(a.getOrDefault("duration", "30")),
        Integer.parseInt(a.getOrDefault("connections", "2000")), threads,
        Long.parseLong(a.getOrDefault("timeout-ms", "15000")), Long.parseLong(a.getOrDefault("drain-ms", "20000")));
    long thinkMs = Long.parseLong(a.getOrDefault("think-ms", "200"));
    VoiceCallSource source = new VoiceCallSource(a.getOrDefault("account", "AC00000000000000000000000000000b3c"),
        a.getOrDefault("token", "bench-auth-token-000000000000000000"), a.getOrDefault("signed-base", target.toString()),
        Integer.parseInt(a.getOrDefault("numbers", "20")),
        a.getOrDefault("run-id", Long.toHexString(System.currentTimeMillis())));
    LoadSummary.Limits limits = new LoadSummary.Limits(Double.parseDouble(a.getOrDefault("max-lag-ms", "20")),
        Double.parseDouble(a.getOrDefault("max-cpu-share", "0.5")));
    Path dir = Path.of(required(a, "dir"));
    String name = required(a, "name");
    Files.createDirectories(dir);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    Result result = run(vertx, plan, source, thinkMs).await(
        (long) ((plan.rampSeconds() + plan.durationSeconds()) * 1000) + plan.drainMs() + 60_000, TimeUnit.MILLISECONDS);
    ObjectNode summary = summary(name, plan, result, limits, thinkMs, source.turns());
    writeExpected(dir, name, source, result);
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(name + ".load.json").toFile(), summary);
    System.out.println(LoadSummary.line(summary));
    System.out.println(line(summary));
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The checks' inputs: every call started, and what became of it. */
  public static void writeExpected(Path dir, String name, VoiceCallSource source, Result result) throws IOException {
    String callsFile = name + ".calls.tsv";
    try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(callsFile))) {
      for (VoiceTally.CallRun run : result.calls().calls()) {
        out.write(run.call().sid() + '\t' + run.call().caller() + '\t' + run.state().name().toLowerCase() + '\n');
      }
    }
    ObjectNode expected = JSON.createObjectNode();
    expected.put("scenario", name);
    expected.put("voice", true);
    expected.put("callerPrefix", source.callerPrefix());
    expected.put("calls", callsFile);
    expected.put("turnsPerCall", source.turns());
    expected.put("callsStarted", result.calls().all().started());
    expected.put("callsCompleted", result.calls().all().completed());
    JSON.writeValue(dir.resolve(name + ".expected.json").toFile(), expected);
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }
}

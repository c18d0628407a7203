package com.missedcall.loadtests.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A run's figures as the generator saw them, and whether they can be trusted. A run is <b>void</b>
 * unless every request sent is accounted for: sent = acknowledged + shed + errors + cut off. The
 * generator was the <b>bottleneck</b> (and the run says little about the server) when its event loop
 * was nearly always busy, when it sent late (send lag p99 over the limit) or when it took more than its
 * share of the machine's CPU. A run where every connection the generator may open was busy is
 * <b>connection-limited</b>: requests queued inside the generator (their wait still counts in their
 * latency, measured from the scheduled start), and the server never saw more than that many at once.
 */
public final class LoadSummary {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final double BUSY_LOOP = 0.8;

  /** Limits beyond which the generator counts as the bottleneck. */
  public record Limits(double maxSendLagMs, double maxCpuShare) {}

  /** The generator's own CPU over the load phase: the process, and the busiest event-loop thread. */
  public record GeneratorCpu(long processCpuNanos, long busiestLoopCpuNanos, long wallNanos, int cores) {
    double share() {
      return wallNanos <= 0 ? 0 : processCpuNanos / (double) (wallNanos * (long) cores);
    }

    double loopBusy() {
      return wallNanos <= 0 ? 0 : busiestLoopCpuNanos / (double) wallNanos;
    }
  }

  private LoadSummary() {}

  public static List<String> bottlenecks(LoadPlan plan, Tally t, GeneratorCpu cpu, Limits limits) {
    List<String> reasons = new ArrayList<>();
    if (cpu.loopBusy() >= BUSY_LOOP) {
      reasons.add(String.format("event loop %.0f%% busy", 100 * cpu.loopBusy()));
    }
    double lagP99 = ms(t.sendLagMicros(), 99);
    if (plan.open() && lagP99 > limits.maxSendLagMs()) {
      reasons.add(String.format("send lag p99 %.1f ms > %.1f ms", lagP99, limits.maxSendLagMs()));
    }
    if (cpu.share() > limits.maxCpuShare()) {
      reasons.add(String.format("generator used %.0f%% of the machine's CPU (limit %.0f%%)", 100 * cpu.share(),
          100 * limits.maxCpuShare()));
    }
    return reasons;
  }

  public static ObjectNode toJson(String name, LoadPlan plan, Tally t, GeneratorCpu cpu, Limits limits) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", name);
    n.put("model", plan.open() ? "open" : "closed");
    if (plan.open()) {
      n.put("offeredRate", plan.rate());
    } else {
      n.put("concurrency", plan.concurrency());
    }
    n.put("rampSeconds", plan.rampSeconds());
    n.put("durationSeconds", plan.durationSeconds());
    n.put("connections", plan.connections());
    counts(n.putObject("all"), t.all(), 0);
    counts(n.putObject("steady"), t.steady(), plan.durationSeconds());
    ObjectNode errors = n.putObject("errorKinds");
    t.errorKinds().forEach(errors::put);
    n.put("lateAnswers", t.late());
    boolean accounted = t.all().accounted() && t.steady().accounted();
    n.put("accounted", accounted);
    n.put("void", !accounted);
    n.put("ackP50Ms", ms(t.acknowledgedMicros(), 50));
    n.put("ackP99Ms", ms(t.acknowledgedMicros(), 99));
    n.put("ackMaxMs", max(t.acknowledgedMicros()));
    n.put("answerP99Ms", ms(t.answeredMicros(), 99));
    n.put("answerMaxMs", max(t.answeredMicros()));
    n.put("sendLagP50Ms", ms(t.sendLagMicros(), 50));
    n.put("sendLagP99Ms", ms(t.sendLagMicros(), 99));
    n.put("sendLagMaxMs", max(t.sendLagMicros()));
    n.put("peakInFlight", t.peakInFlight());
    n.put("connectionLimited", t.peakInFlight() > plan.connections());
    n.put("generatorCpuMs", round(cpu.processCpuNanos() / 1e6));
    n.put("generatorCpuShare", round(cpu.share()));
    n.put("generatorLoopBusy", round(cpu.loopBusy()));
    n.put("cores", cpu.cores());
    List<String> reasons = bottlenecks(plan, t, cpu, limits);
    n.put("generatorBottleneck", !reasons.isEmpty());
    ArrayNode why = n.putArray("bottleneckReasons");
    reasons.forEach(why::add);
    return n;
  }

  private static void counts(ObjectNode n, Tally.Counts c, double seconds) {
    n.put("sent", c.sent());
    n.put("acknowledged", c.acknowledged());
    n.put("shed", c.shed());
    n.put("errors", c.errors());
    n.put("cutOff", c.cutOff());
    if (seconds > 0) {
      n.put("sentPerSecond", round(c.sent() / seconds));
      n.put("acknowledgedPerSecond", round(c.acknowledged() / seconds));
    }
  }

  /** The {@code percentile} of a microsecond histogram, in milliseconds (-1 when it is empty). */
  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? -1 : round(h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static double max(Histogram h) {
    return h.getTotalCount() == 0 ? -1 : round(h.getMaxValue() / 1000.0);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The one line the generator prints. */
  public static String line(ObjectNode n) {
    ObjectNode s = (ObjectNode) n.get("steady");
    ObjectNode a = (ObjectNode) n.get("all");
    return String.format("[load] %s: %s sent %d = %d acknowledged + %d shed + %d errors + %d cut off%s"
            + " | steady %.0f/s sent, %.0f/s acknowledged | ack p50 %.1f p99 %.1f max %.1f ms"
            + " | send lag p99 %.1f ms | generator CPU %.0f%% of machine, loop %.0f%% busy%s",
        n.get("name").asText(), n.get("model").asText(), a.get("sent").asLong(), a.get("acknowledged").asLong(),
        a.get("shed").asLong(), a.get("errors").asLong(), a.get("cutOff").asLong(),
        n.get("void").asBoolean() ? " VOID (counts do not add up)" : "",
        s.get("sentPerSecond").asDouble(), s.get("acknowledgedPerSecond").asDouble(), n.get("ackP50Ms").asDouble(),
        n.get("ackP99Ms").asDouble(), n.get("ackMaxMs").asDouble(), n.get("sendLagP99Ms").asDouble(),
        100 * n.get("generatorCpuShare").asDouble(), 100 * n.get("generatorLoopBusy").asDouble(),
        n.get("generatorBottleneck").asBoolean() ? " | GENERATOR WAS THE BOTTLENECK: " + n.get("bottleneckReasons")
            : "")
        + (n.get("connectionLimited").asBoolean() ? " | connection-limited: all " + n.get("connections")
            + " connections busy, requests queued in the generator" : "");
  }
}

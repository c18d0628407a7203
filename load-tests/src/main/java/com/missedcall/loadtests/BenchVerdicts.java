package com.missedcall.loadtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets, judged from one bench run's records (by their {@code key}) and printed as
 * PASS / FAIL lines, or N/A where the run did not measure it; appended to the results as a record
 * {@code {"scenario": "verdicts", ...}}. A verdict resting on a void run, or on one where the load
 * generator was the bottleneck, says so. The sustainable rate is what the "sustained" run decided
 * per second when offered the rate the closed-model "capacity" run decided.
 * <p>Usage: {@code BenchVerdicts RESULTS_JSON}, or {@code BenchVerdicts field RESULTS_JSON KEY FIELD}
 * (prints one field of the last record with that key, for bench.sh; nothing when absent).
 */
public final class BenchVerdicts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One judged target. */
  record Verdict(String target, String outcome, String measured) {
    String line() {
      return String.format("[verdict] %-4s %s: %s", outcome, target, measured);
    }
  }

  private final ArrayNode records;

  BenchVerdicts(ArrayNode records) {
    this.records = records;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && "field".equals(args[0])) {
      JsonNode r = new BenchVerdicts((ArrayNode) JSON.readTree(new File(args[1]))).find(args[2]);
      if (r != null && r.has(args[3])) {
        System.out.println(r.get(args[3]).asText());
      }
      return;
    }
    File file = new File(args[0]);
    ArrayNode all = (ArrayNode) JSON.readTree(file);
    // the soak's heap figures are written next to the results by bench.sh
    File soak = new File(args[0].replaceFirst("\\.json$", "-soak.json"));
    ArrayNode judged = all.deepCopy();
    if (soak.exists()) {
      judged.add(JSON.readTree(soak));
    }
    List<Verdict> verdicts = new BenchVerdicts(judged).judge();
    ObjectNode record = JSON.createObjectNode();
    record.put("scenario", "verdicts");
    ArrayNode list = record.putArray("verdicts");
    for (Verdict v : verdicts) {
      System.out.println(v.line());
      list.addObject().put("target", v.target()).put("outcome", v.outcome()).put("measured", v.measured());
    }
    all.add(record);
    JSON.writerWithDefaultPrettyPrinter().writeValue(file, all);
  }

  List<Verdict> judge() {
    List<Verdict> out = new ArrayList<>();
    JsonNode chain = find("chain");
    JsonNode sustained = find("sustained");
    JsonNode burst = find("burst");
    JsonNode mix = find("mix");
    double chainRate = num(chain, "decidedPerSecond");
    double sustainable = num(sustained, "decidedPerSecond");

    out.add(chainRate > 0 && sustainable > 0
        ? judge("sustainable missed-call rate >= 50% of the durable-chain ceiling", sustainable >= 0.5 * chainRate,
            String.format("%.0f decided/s = %.0f%% of %.0f", sustainable, 100 * sustainable / chainRate, chainRate)
                + caveats(sustained, chain))
        : na("sustainable missed-call rate >= 50% of the durable-chain ceiling"));

    double cpu = num(sustained, "cpuTotalMsPerCall");
    double chainCpu = num(chain, "cpuTotalMsPerCall");
    out.add(cpu > 0
        ? judge("CPU per decided missed call (gateway + PostgreSQL + Redis) <= 2 ms", cpu <= 2.0,
            String.format("%.3f ms (gateway %.3f, PostgreSQL %s, Redis %s) at %.0f decided/s", cpu,
                num(sustained, "cpuServerMsPerCall"), fmt(num(sustained, "cpuPostgresMsPerCall")),
                fmt(num(sustained, "cpuRedisMsPerCall")), sustainable) + caveats(sustained))
        : na("CPU per decided missed call (gateway + PostgreSQL + Redis) <= 2 ms"));
    out.add(cpu > 0 && chainCpu > 0
        ? judge("CPU per decided missed call <= 2x the durable-chain server's", cpu <= 2 * chainCpu,
            String.format("%.3f ms = %.1fx the durable chain's %.3f ms", cpu, cpu / chainCpu, chainCpu)
                + caveats(sustained, chain))
        : na("CPU per decided missed call <= 2x the durable-chain server's"));

    if (burst != null && sustainable > 0) {
      double offered = burst.path("generator").path("offeredRate").asDouble(num(burst, "throughputRps"));
      double decided = num(burst, "decidedPerSecond");
      out.add(judge(String.format("burst at %.1fx sustainable: decided/s >= 90%% of sustainable", offered / sustainable),
          decided >= 0.9 * sustainable,
          String.format("%.0f decided/s = %.0f%% of %.0f (offered %.0f/s)", decided, 100 * decided / sustainable,
              sustainable, offered) + caveats(burst)));
      long p99 = burst.path("textbackP99Ms").asLong(-1);
      out.add(p99 >= 0
          ? judge("burst: acknowledged text-back p99 <= 2 s", p99 <= 2000,
              p99 + " ms (max " + burst.path("textbackMaxMs").asLong(-1) + " ms, from the scheduled send)")
          : na("burst: acknowledged text-back p99 <= 2 s"));
      out.add(burst.has("lost")
          ? judge("burst: 0 duplicates, 0 acknowledged-but-lost",
              burst.get("duplicateSms").asLong() == 0 && burst.get("lost").asLong() == 0,
              burst.get("duplicateSms").asLong() + " duplicates, " + burst.get("lost").asLong() + " lost")
          : na("burst: 0 duplicates, 0 acknowledged-but-lost"));
    } else {
      out.add(na("burst at 3x sustainable: decided/s >= 90% of sustainable"));
    }

    if (mix != null && mix.has("callsSent")) {
      long sent = mix.get("callsSent").asLong() + mix.path("repliesSent").asLong();
      long acked = mix.get("acknowledged").asLong() + mix.path("repliesAcknowledged").asLong();
      out.add(judge("realistic mix: 100% of calls and replies acknowledged", sent == acked,
          String.format("%d of %d (%.1f%%)", acked, sent, sent == 0 ? 0 : 100.0 * acked / sent)));
      out.add(mix.has("dashboardP99Ms")
          ? judge("realistic mix: dashboard p99 <= 1 s", mix.get("dashboardP99Ms").asLong() <= 1000,
              mix.get("dashboardP99Ms").asLong() + " ms (on the bench's freshly seeded database, not the"
                  + " million-call one the target names)")
          : na("realistic mix: dashboard p99 <= 1 s"));
    } else {
      out.add(na("realistic mix at 50% of sustainable: 100% acknowledged, dashboard p99 <= 1 s"));
    }

    JsonNode voice = find("voice");
    out.add(voice != null && voice.has("voiceChecksPassed")
        ? judge("voice (issue 13): script-path turn p99 well inside Twilio's 15 s budget (<= 1 s), every completed"
                + " call recovered once on its own turns", voice.get("turnP99Ms").asDouble() <= 1000
                && voice.get("voiceChecksPassed").asBoolean(),
            String.format("turn p99 %.1f ms at %.1f voice calls/s; %d of %d completed calls recovered, %d crossed,"
                    + " %d lost", voice.get("turnP99Ms").asDouble(), voice.get("voiceCallsPerSecond").asDouble(),
                voice.get("voiceRecovered").asLong(), voice.get("voiceCallsCompleted").asLong(),
                voice.get("crossedTurns").asLong(), voice.get("lost").asLong()) + caveats(voice))
        : na("voice (issue 13): script-path turn p99 <= 1 s, every completed call recovered once"));

    JsonNode soak = find("soak heap");
    out.add(soak != null
        ? judge("soak: heap flat (lowest heap of the last minute <= 1.2x the first minute's)",
            num(soak, "heapLowLastMinuteMiB") <= 1.2 * num(soak, "heapLowFirstMinuteMiB"),
            String.format("%.0f MiB first minute, %.0f MiB last minute", num(soak, "heapLowFirstMinuteMiB"),
                num(soak, "heapLowLastMinuteMiB")))
        : na("soak: heap flat (run with SOAK_SECONDS=600)"));
    out.add(na("soak: RSS flat, Redis memory plateaus, outbox lag <= 2 s (not measured by the bench yet)"));
    return out;
  }

  /** The last record with this key (or, for records without keys, this scenario name). */
  JsonNode find(String key) {
    JsonNode found = null;
    for (JsonNode r : records) {
      if (key.equals(r.path("key").asText(r.path("scenario").asText()))) {
        found = r;
      }
    }
    return found;
  }

  private static String caveats(JsonNode... runs) {
    StringBuilder s = new StringBuilder();
    for (JsonNode r : runs) {
      JsonNode g = r == null ? null : r.get("generator");
      if (g != null && g.path("void").asBoolean()) {
        s.append(" [").append(r.get("scenario").asText()).append(" run VOID: counts do not add up]");
      }
      if (g != null && g.path("generatorBottleneck").asBoolean()) {
        s.append(" [").append(r.get("scenario").asText()).append(": the load generator was the bottleneck ")
            .append(g.get("bottleneckReasons")).append(']');
      }
    }
    return s.toString();
  }

  private static Verdict judge(String target, boolean pass, String measured) {
    return new Verdict(target, pass ? "PASS" : "FAIL", measured);
  }

  private static Verdict na(String target) {
    return new Verdict(target, "N/A", "not measured in this run");
  }

  private static double num(JsonNode r, String field) {
    return r == null || !r.has(field) ? -1 : r.get(field).asDouble();
  }

  private static String fmt(double v) {
    return v < 0 ? "n/a" : String.format("%.3f", v);
  }
}

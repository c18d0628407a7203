package com.missedcall.loadtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one scenario's run into the benchmark's summary line and JSON record: throughput and
 * acknowledgement latency from Gatling's stats, text-back latency from Postgres (webhook received) and
 * the Twilio simulator (SMS accepted), and the correctness checks against what the simulation says it
 * sent and which of it the gateway acknowledged (its {@code <name>.outcomes.tsv}, see the simulations'
 * WebhookOutcomes). {@link Correctness} says what counts as shed, lost and duplicated. Before counting,
 * the report waits (at most {@code -DdrainSeconds}, default 60) for the texts still queued in the
 * outbox, so a backlog is not mistaken for a loss.
 * <p>Arguments: name runLog expectedJson jdbcUrl simulatorUrl heapPeakMiB rssPeakMiB resultsJson
 * rampSeconds [ceilingRps]. {@code runLog} is Gatling's console log or the load generator's
 * {@code <name>.load.json}. System properties: {@code key} (the record's key for the verdicts),
 * {@code chain.decidedPerSecond} (the durable-chain ceiling of the run), {@code cpu.before} and the
 * {@link com.missedcall.loadtests.cpu.CpuProbe} ones (CPU per decided call, see {@link CpuMeter}). The voice
 * scenario's run ({@code VoiceLoad}) is checked by {@link VoiceChecks} instead: its expected file says
 * {@code "voice": true}.
 */
public final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DRAIN_STALL = Duration.ofSeconds(10);

  private BenchReport() {}

  public static void main(String[] args) throws Exception {
    ObjectNode record = report(args);
    System.out.println(line(record));
    if (!record.get("correct").asBoolean()) {
      System.exit(3);
    }
  }

  /** Builds the scenario's record from the arguments (see the class comment) and appends it to the results. */
  static ObjectNode report(String[] args) throws Exception {
    String name = args[0];
    Path runLog = Path.of(args[1]);
    Path expectedFile = args[2].isEmpty() ? null : Path.of(args[2]);
    JsonNode expected = expectedFile == null ? JSON.createObjectNode() : JSON.readTree(expectedFile.toFile());
    String jdbcUrl = args[3];
    String simulatorUrl = args[4];
    double heapPeak = Double.parseDouble(args[5]);
    double rssPeak = Double.parseDouble(args[6]);
    Path results = Path.of(args[7]);
    int rampSeconds = Integer.parseInt(args[8]);
    double ceilingRps = args.length > 9 ? Double.parseDouble(args[9]) : 0;
    Duration drain = Duration.ofSeconds(Long.getLong("drainSeconds", 60));
    double chainDecided = Double.parseDouble(System.getProperty("chain.decidedPerSecond", "0"));

    ObjectNode record = JSON.createObjectNode();
    record.put("scenario", name);
    record.put("key", System.getProperty("key", name));
    record.put("at", Instant.now().toString());
    record.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
    boolean generator = runLog.toString().endsWith(".load.json");
    JsonNode load = generator ? JSON.readTree(runLog.toFile()) : null;
    if (generator) {
      fromGenerator(record, load);
    } else {
      fromGatling(record, GatlingSummary.parse(runLog), expected);
    }
    record.put("heapPeakMiB", heapPeak);
    record.put("rssPeakMiB", rssPeak);
    if (ceilingRps > 0) {
      record.put("ceilingRps", round(ceilingRps));
      record.put("ratioToCeiling", round(record.get("acknowledgedRps").asDouble() / ceilingRps));
    }
    CpuMeter cpu = CpuMeter.fromSystemProperties();
    boolean ok = true;
    if (expected.path("voice").asBoolean()) {
      ok = voiceChecks(record, expected, expectedFile, jdbcUrl, drain, cpu);
    } else if (expected.has("callerPrefix")) {
      Path outcomes = expectedFile.resolveSibling(expected.get("outcomes").asText());
      Map<String, Long> scheduled = expected.has("scheduled")
          ? scheduled(expectedFile.resolveSibling(expected.get("scheduled").asText())) : Map.of();
      ok = checks(record, expected, Correctness.Sent.read(outcomes), scheduled, jdbcUrl, simulatorUrl, rampSeconds,
          drain, cpu);
    } else if (cpu != null) {
      cpu.measure(record, null);
    }
    if (!record.has("decidedPerSecond")) {
      if (generator && "missed".equals(load.path("kind").asText())) {
        record.put("decidedPerSecond", load.get("steady").get("acknowledgedPerSecond").asDouble());
      } else if (record.has("sustainedDecisionsPerSecond")) {
        record.put("decidedPerSecond", record.get("sustainedDecisionsPerSecond").asDouble());
      }
    }
    if (cpu != null) {
      perCall(record, generator ? load : null);
    }
    if (chainDecided > 0 && record.has("decidedPerSecond")) {
      record.put("durableChainDecidedPerSecond", round(chainDecided));
      record.put("ratioToDurableChain", round(record.get("decidedPerSecond").asDouble() / chainDecided));
    }
    if (generator && load.get("void").asBoolean()) {
      ok = false;
    }
    record.put("correct", ok);
    append(results, record);
    return record;
  }

  /**
   * The voice scenario's checks ({@link VoiceChecks}) after the outbox drained for its callers (the caller
   * summaries are counted), CPU measured over the run and the drain.
   */
  private static boolean voiceChecks(ObjectNode record, JsonNode expected, Path expectedFile, String jdbcUrl,
                                     Duration drain, CpuMeter cpu) throws Exception {
    String callerPrefix = expected.get("callerPrefix").asText();
    List<VoiceCorrectness.Played> played =
        VoiceCorrectness.Played.read(expectedFile.resolveSibling(expected.get("calls").asText()));
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      drainOutbox(record, c, callerPrefix + "%", drain);
      if (cpu != null) {
        cpu.measure(record, c);
      }
      return VoiceChecks.check(record, c, callerPrefix, played, expected.get("turnsPerCall").asInt());
    }
  }

  /** The voice generator's calls: completed per second after the ramp, each step's latency from its scheduled start. */
  private static void fromVoiceGenerator(ObjectNode record, JsonNode voice) {
    record.put("voiceCallsPerSecond", voice.get("callsCompletedPerSecond").asDouble());
    for (String step : List.of("turn", "greeting", "incoming", "status")) {
      for (String f : List.of("P50Ms", "P99Ms", "MaxMs")) {
        record.put(step + f, voice.get(step + f).asDouble());
      }
    }
    record.put("turnPath", "script");
    record.set("voice", voice);
  }

  /** The load generator's figures: steady-state rates, latencies from the scheduled start, its own health. */
  private static void fromGenerator(ObjectNode record, JsonNode load) {
    if (load.has("voice")) {
      fromVoiceGenerator(record, load.get("voice"));
    }
    JsonNode all = load.get("all");
    JsonNode steady = load.get("steady");
    record.put("requests", all.get("sent").asLong());
    record.put("failed", all.get("sent").asLong() - all.get("acknowledged").asLong());
    record.put("throughputRps", steady.get("sentPerSecond").asDouble());
    record.put("acknowledgedRps", steady.get("acknowledgedPerSecond").asDouble());
    for (String f : List.of("ackP50Ms", "ackP99Ms", "ackMaxMs")) {
      record.put(f, load.get(f).asDouble());
    }
    ObjectNode g = record.putObject("generator");
    for (String f : List.of("model", "offeredRate", "concurrency", "all", "steady", "errorKinds", "accounted", "void",
        "sendLagP50Ms", "sendLagP99Ms", "sendLagMaxMs", "peakInFlight", "connections", "connectionLimited",
        "generatorCpuMs", "generatorCpuShare", "generatorLoopBusy", "generatorBottleneck", "bottleneckReasons")) {
      if (load.has(f)) {
        g.set(f, load.get(f));
      }
    }
  }

  private static void fromGatling(ObjectNode record, GatlingSummary stats, JsonNode expected) {
    record.put("requests", stats.requests());
    record.put("failed", stats.failed());
    record.put("throughputRps", round(stats.meanRps()));
    record.put("ackP50Ms", stats.p50Ms());
    record.put("ackP99Ms", stats.p99Ms());
    record.put("ackMaxMs", stats.maxMs());
    if (expected.has("dashboardRequests")) {
      webhooksApartFromReaders(record, expected);
    }
    // what the gateway handled: requests answered 2xx per second (503s were refused, not served)
    long requests = record.get("requests").asLong();
    record.put("acknowledgedRps", requests == 0 ? 0
        : round(record.get("throughputRps").asDouble() * (requests - record.get("failed").asLong()) / requests));
    record.put("gatlingAssertionsPassed", stats.assertionsPassed());
  }

  /**
   * CPU per decided call (per request where nothing is decided): the server's, PostgreSQL's and
   * Redis's CPU over the run and its drain, divided by the calls decided in PostgreSQL for the
   * scenario's callers (or, for a ceiling, the calls it acknowledged).
   */
  private static void perCall(ObjectNode record, JsonNode load) {
    long divisor;
    String per;
    if (record.has("voiceCallsCompleted")) {
      divisor = record.get("voiceCallsCompleted").asLong();
      per = "voice call";
    } else if (record.has("callsDecided")) {
      divisor = record.get("callsDecided").asLong();
      per = "decided call";
    } else if (load != null && "missed".equals(load.path("kind").asText())) {
      divisor = load.get("all").get("acknowledged").asLong();
      per = "decided call";
    } else {
      divisor = record.get("requests").asLong();
      per = "request";
    }
    record.put("cpuPer", per);
    if (divisor <= 0) {
      return;
    }
    for (String part : List.of("Server", "Postgres", "Redis")) {
      double ms = record.get("cpu" + part + "Ms").asDouble();
      record.put("cpu" + part + "MsPerCall", ms < 0 ? -1 : round3(ms / divisor));
    }
    record.put("cpuTotalMsPerCall", round3(record.get("cpuTotalMs").asDouble() / divisor));
  }

  private static Map<String, Long> scheduled(Path tsv) throws IOException {
    Map<String, Long> bySid = new HashMap<>();
    for (String line : Files.readAllLines(tsv)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        bySid.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1).trim()));
      }
    }
    return bySid;
  }

  /**
   * With dashboard readers in the run, Gatling's summary pools their requests with the webhooks'; the
   * simulation measured the webhooks apart (same response times, only theirs), and those become the
   * scenario's throughput and acknowledgement figures. The readers get their own fields.
   */
  private static void webhooksApartFromReaders(ObjectNode record, JsonNode expected) {
    record.put("gatlingGlobalRequests", record.get("requests").asLong());
    record.put("gatlingGlobalRps", record.get("throughputRps").asDouble());
    record.put("requests", expected.get("webhookRequests").asLong());
    record.put("failed", expected.get("webhookFailed").asLong());
    record.put("throughputRps", expected.get("webhookMeanRps").asDouble());
    record.put("ackP50Ms", expected.get("webhookP50Ms").asLong());
    record.put("ackP99Ms", expected.get("webhookP99Ms").asLong());
    record.put("ackMaxMs", expected.get("webhookMaxMs").asLong());
    for (String field : List.of("Requests", "Failed", "MeanRps", "P50Ms", "P99Ms", "MaxMs")) {
      record.set("dashboard" + field, expected.get("dashboard" + field));
    }
  }

  private static boolean checks(ObjectNode record, JsonNode expected, List<Correctness.Sent> sent,
                                Map<String, Long> scheduled, String jdbcUrl, String simulatorUrl, int rampSeconds,
                                Duration drain, CpuMeter cpu) throws Exception {
    String callerPrefix = expected.get("callerPrefix").asText();
    String prefix = callerPrefix + "%";
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      drainOutbox(record, c, prefix, drain);
      if (cpu != null) {
        // after the drain (the texts are part of a call's cost), before the checks' own queries
        cpu.measure(record, c);
      }
      Map<String, Correctness.Call> calls = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT call_sid, caller, decision, reason FROM calls WHERE caller LIKE ?")) {
        ps.setString(1, prefix);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            calls.put(rs.getString(1), new Correctness.Call(rs.getString(2), rs.getString(3), rs.getString(4)));
          }
        }
      }
      Set<String> leadCallers = strings(c, "SELECT caller FROM leads WHERE caller LIKE ?", prefix);
      // conversation replies go to the same callers; only text-backs are checked against calls
      Set<String> otherOutbound = strings(c, """
          SELECT message_sid FROM messages
           WHERE direction = 'outbound' AND kind <> 'textback' AND to_number LIKE ? AND message_sid IS NOT NULL""",
          prefix);
      Map<String, Instant> accepted = new HashMap<>();
      Map<String, Long> received = new HashMap<>();
      for (JsonNode m : JSON.readTree(get(simulatorUrl + "/_sim/messages"))) {
        String to = m.get("to").asText();
        String sid = m.get("sid").asText();
        if (to.startsWith(callerPrefix) && !otherOutbound.contains(sid)) {
          accepted.put(sid, Instant.parse(m.get("acceptedAt").asText()));
          received.merge(to, 1L, Long::sum);
        }
      }
      long windowViolations = scalar(c, """
          SELECT count(*) FROM (
            SELECT c.received_at - lag(c.received_at) OVER (PARTITION BY c.lead_id ORDER BY c.received_at) AS gap,
                   w.duplicate_window_seconds AS window
              FROM calls c JOIN workspaces w ON w.id = c.workspace_id
             WHERE c.caller LIKE ? AND c.reason = 'texted') g
           WHERE g.gap < make_interval(secs => g.window)""", prefix);
      textbackLatencies(c, prefix, accepted, scheduled, record);
      sustainedDecisions(c, prefix, rampSeconds, record);
      Correctness.Observed seen = new Correctness.Observed(calls, leadCallers, received, windowViolations,
          inbound(c, prefix));
      boolean window = expected.path("duplicateWindow").asBoolean(false);
      Map<String, Long> counts = new Correctness(sent, seen, window).counts();
      counts.forEach(record::put);
      return Correctness.passes(counts);
    }
  }

  /**
   * Waits until no text for these callers is still queued or being sent (text-backs, and the answers to
   * their replies, whose MessageSids tell them apart from text-backs), giving up after {@code limit} or
   * once the queue stops shrinking for a while (a send that failed for good never leaves it). Jobs due
   * later (follow-ups, auto-close) are not waited for. Records the seconds waited and what was still
   * queued when it stopped (those text-backs then count as lost).
   */
  static void drainOutbox(ObjectNode record, Connection c, String prefix, Duration limit) throws Exception {
    long start = System.nanoTime();
    long lastWaiting = -1;
    long lastProgress = start;
    while (true) {
      long waiting = scalar(c, """
          SELECT (SELECT count(*) FROM messages m
                   WHERE m.send_status IN ('pending', 'running') AND m.due_at < now() + interval '1 minute'
                     AND m.to_number LIKE ?)
               + (SELECT count(*) FROM jobs j
                   WHERE j.status IN ('pending', 'running') AND j.due_at < now() + interval '1 minute'
                     AND EXISTS (SELECT 1 FROM conversations cv WHERE cv.id = j.conversation_id AND cv.caller LIKE ?))""",
          prefix, prefix);
      long now = System.nanoTime();
      if (waiting != lastWaiting) {
        lastWaiting = waiting;
        lastProgress = now;
      }
      if (waiting == 0 || now - lastProgress > DRAIN_STALL.toNanos() || now - start > limit.toNanos()) {
        record.put("drainSeconds", round((now - start) / 1e9));
        record.put("stillQueued", waiting);
        return;
      }
      Thread.sleep(500);
    }
  }

  /**
   * Webhook to text accepted by the simulator, per text-back. The clock starts at the call's
   * <em>scheduled</em> send time when the load generator recorded it (so time spent waiting to be
   * accepted counts), otherwise when the gateway stored the call.
   */
  private static void textbackLatencies(Connection c, String prefix, Map<String, Instant> accepted,
                                        Map<String, Long> scheduled, ObjectNode record) throws SQLException {
    List<Long> latencies = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT m.message_sid, c.received_at, c.call_sid FROM messages m
          JOIN calls c ON c.id = m.call_id
         WHERE m.to_number LIKE ? AND m.message_sid IS NOT NULL""")) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant sent = accepted.get(rs.getString(1));
          if (sent != null) {
            Long due = scheduled.get(rs.getString(3));
            long from = due != null ? due : rs.getTimestamp(2).toInstant().toEpochMilli();
            latencies.add(sent.toEpochMilli() - from);
          }
        }
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    record.put("textbackClock", scheduled.isEmpty() ? "call stored" : "scheduled send");
    record.put("textbackP50Ms", percentile(sorted, 0.50));
    record.put("textbackP99Ms", percentile(sorted, 0.99));
    record.put("textbackMaxMs", sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
  }

  /** The sustained rate of durable decisions after the ramp: what the gateway really absorbed. */
  private static void sustainedDecisions(Connection c, String prefix, int rampSeconds, ObjectNode record)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        WITH r AS (SELECT received_at FROM calls WHERE caller LIKE ? AND decision <> 'pending'),
             w AS (SELECT min(received_at) + make_interval(secs => ?) AS from_t, max(received_at) AS to_t FROM r)
        SELECT count(*) / greatest(extract(epoch FROM (SELECT to_t - from_t FROM w)), 0.001)
          FROM r WHERE received_at >= (SELECT from_t FROM w)""")) {
      ps.setString(1, prefix);
      ps.setInt(2, rampSeconds);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        record.put("sustainedDecisionsPerSecond", round(rs.getDouble(1)));
      }
    }
  }

  private static Map<String, String> inbound(Connection c, String prefix) throws SQLException {
    Map<String, String> bySid = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT message_sid, from_number FROM messages WHERE direction = 'inbound' AND from_number LIKE ?")) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          bySid.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return bySid;
  }

  private static Set<String> strings(Connection c, String sql, String arg) throws SQLException {
    Set<String> values = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static long scalar(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void append(Path results, ObjectNode record) throws IOException {
    ArrayNode all = Files.exists(results) ? (ArrayNode) JSON.readTree(results.toFile()) : JSON.createArrayNode();
    all.add(record);
    Files.createDirectories(results.toAbsolutePath().getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(results.toFile(), all);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** A latency: whole milliseconds from Gatling, tenths from the load generator. */
  private static String ms(JsonNode v) {
    double d = v.asDouble();
    return d == Math.rint(d) || d >= 100 ? String.format("%.0f", d) : String.format("%.1f", d);
  }

  static String line(JsonNode r) {
    StringBuilder s = new StringBuilder(String.format("[bench] %-22s", r.get("scenario").asText()));
    if (r.has("decidedPerSecond")) {
      s.append(String.format(" %6.0f decided/s", r.get("decidedPerSecond").asDouble()));
      if (r.has("ratioToDurableChain")) {
        s.append(String.format(" (%.0f%% of durable chain %.0f)", 100 * r.get("ratioToDurableChain").asDouble(),
            r.get("durableChainDecidedPerSecond").asDouble()));
      }
      s.append(" |");
    }
    s.append(String.format(" %.0f req/s acknowledged of %.0f offered",
        r.path("acknowledgedRps").asDouble(r.get("throughputRps").asDouble()), r.get("throughputRps").asDouble()));
    if (r.has("ratioToCeiling")) {
      s.append(String.format(" (%.0f%% of ceiling %.0f)", 100 * r.get("ratioToCeiling").asDouble(),
          r.get("ceilingRps").asDouble()));
    }
    s.append(String.format(" | ack p50 %s p99 %s max %s ms", ms(r.get("ackP50Ms")), ms(r.get("ackP99Ms")),
        ms(r.get("ackMaxMs"))));
    if (r.has("voiceCallsPerSecond")) {
      s.append(String.format(" | %.1f voice calls/s completed | turn p50 %s p99 %s max %s ms (%s path)"
              + " | greeting p99 %s ms", r.get("voiceCallsPerSecond").asDouble(), ms(r.get("turnP50Ms")),
          ms(r.get("turnP99Ms")), ms(r.get("turnMaxMs")), r.path("turnPath").asText(), ms(r.get("greetingP99Ms"))));
      if (r.has("serverTurnP99Ms")) {
        s.append(String.format(" (in the gateway: turn p99 %d ms)", r.get("serverTurnP99Ms").asLong()));
      }
    }
    if (r.has("textbackP50Ms")) {
      s.append(String.format(" | text-back p50 %d p99 %d max %d ms", r.get("textbackP50Ms").asLong(),
          r.get("textbackP99Ms").asLong(), r.path("textbackMaxMs").asLong(-1)));
    }
    if (r.has("cpuTotalMsPerCall")) {
      s.append(String.format(" | CPU per %s: server %.3f + postgres %s + redis %s = %.3f ms", r.get("cpuPer").asText(),
          r.get("cpuServerMsPerCall").asDouble(), part(r.get("cpuPostgresMsPerCall")),
          part(r.get("cpuRedisMsPerCall")), r.get("cpuTotalMsPerCall").asDouble()));
    }
    if (r.has("dashboardRequests")) {
      s.append(String.format(" | dashboard %d req p50 %d p99 %d ms failed %d", r.get("dashboardRequests").asLong(),
          r.get("dashboardP50Ms").asLong(), r.get("dashboardP99Ms").asLong(), r.get("dashboardFailed").asLong()));
    }
    if (r.has("generator")) {
      JsonNode g = r.get("generator");
      JsonNode all = g.get("all");
      s.append(String.format(" | sent %d = %d acked + %d shed + %d errors + %d cut off%s",
          all.get("sent").asLong(), all.get("acknowledged").asLong(), all.get("shed").asLong(),
          all.get("errors").asLong(), all.get("cutOff").asLong(), g.get("void").asBoolean() ? " VOID" : ""));
      s.append(String.format(" | generator CPU %.0f%% of machine, send lag p99 %s ms%s%s",
          100 * g.get("generatorCpuShare").asDouble(), ms(g.get("sendLagP99Ms")),
          g.get("generatorBottleneck").asBoolean() ? " GENERATOR WAS THE BOTTLENECK " + g.get("bottleneckReasons") : "",
          g.path("connectionLimited").asBoolean() ? " (connection-limited)" : ""));
    }
    if (r.get("heapPeakMiB").asDouble() > 0) {
      s.append(String.format(" | heap %.0f MiB rss %.0f MiB", r.get("heapPeakMiB").asDouble(),
          r.get("rssPeakMiB").asDouble()));
    }
    if (r.has("leads")) {
      s.append(String.format(" | calls %d acked %d shed %d | leads %d/%d sms %d/%d dup %d lost %d",
          r.get("callsSent").asLong(), r.get("acknowledged").asLong(), r.get("shed").asLong(),
          r.get("leads").asLong(), r.get("leadsExpected").asLong(), r.get("sms").asLong(),
          r.get("smsExpected").asLong(), r.get("duplicateSms").asLong(), r.get("lost").asLong()));
      if (r.has("repliesSent")) {
        s.append(String.format(" replies %d/%d dup %d", r.get("repliesStored").asLong(),
            r.get("repliesAcknowledged").asLong(), r.get("duplicateReplies").asLong()));
      }
      s.append(r.get("correct").asBoolean() ? " OK" : " FAILED");
    }
    if (r.has("voiceChecksPassed")) {
      s.append(String.format(" | voice calls %d completed %d recovered %d failed %d cut off %d | turns %d/%d"
              + " missing %d dup %d crossed %d shared conversations %d non-script %d | text-backs %d"
              + " caller summaries %d dup outcomes %d lost %d%s",
          r.get("voiceCallsStarted").asLong(), r.get("voiceCallsCompleted").asLong(), r.get("voiceRecovered").asLong(),
          r.get("voiceCallsFailed").asLong(), r.get("voiceCallsCutOff").asLong(), r.get("voiceTurnsStored").asLong(),
          r.get("voiceTurnsExpected").asLong(), r.get("missingTurns").asLong(), r.get("duplicateTurns").asLong(),
          r.get("crossedTurns").asLong(), r.get("sharedConversations").asLong(), r.get("nonScriptTurns").asLong(),
          r.get("textBacksToRecovered").asLong(), r.get("callerSummaries").asLong(),
          r.get("duplicateOutcomes").asLong(), r.get("lost").asLong(), r.get("correct").asBoolean() ? " OK" : " FAILED"));
    }
    if (!r.has("generator")) {
      s.append(String.format(" | failed requests %d/%d", r.get("failed").asLong(), r.get("requests").asLong()));
    }
    return s.toString();
  }

  private static String part(JsonNode v) {
    return v == null || v.asDouble() < 0 ? "n/a" : String.format("%.3f", v.asDouble());
  }
}

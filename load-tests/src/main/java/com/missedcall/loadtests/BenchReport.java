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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one scenario's run into the benchmark's summary line and JSON record: throughput and
 * acknowledgement latency from Gatling's stats, text-back latency from Postgres (webhook received) and
 * the Twilio simulator (SMS accepted), and the correctness checks (leads, SMS, duplicates, losses)
 * against what the simulation says it sent.
 * <p>Arguments: name gatlingConsoleLog expectedJson jdbcUrl simulatorUrl heapPeakMiB rssPeakMiB resultsJson
 * rampSeconds [ceilingRps]
 */
public final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchReport() {}

  public static void main(String[] args) throws Exception {
    String name = args[0];
    Path gatlingLog = Path.of(args[1]);
    JsonNode expected = args[2].isEmpty() ? JSON.createObjectNode() : JSON.readTree(Path.of(args[2]).toFile());
    String jdbcUrl = args[3];
    String simulatorUrl = args[4];
    double heapPeak = Double.parseDouble(args[5]);
    double rssPeak = Double.parseDouble(args[6]);
    Path results = Path.of(args[7]);
    int rampSeconds = Integer.parseInt(args[8]);
    double ceilingRps = args.length > 9 ? Double.parseDouble(args[9]) : 0;

    GatlingSummary stats = GatlingSummary.parse(gatlingLog);
    ObjectNode record = JSON.createObjectNode();
    record.put("scenario", name);
    record.put("at", Instant.now().toString());
    record.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
    record.put("requests", stats.requests());
    record.put("failed", stats.failed());
    record.put("throughputRps", round(stats.meanRps()));
    record.put("ackP50Ms", stats.p50Ms());
    record.put("ackP99Ms", stats.p99Ms());
    record.put("ackMaxMs", stats.maxMs());
    record.put("gatlingAssertionsPassed", stats.assertionsPassed());
    record.put("heapPeakMiB", heapPeak);
    record.put("rssPeakMiB", rssPeak);
    if (ceilingRps > 0) {
      record.put("ceilingRps", round(ceilingRps));
      record.put("ratioToCeiling", round(record.get("throughputRps").asDouble() / ceilingRps));
    }
    boolean ok = true;
    if (expected.has("callerPrefix")) {
      ok = checks(record, expected, jdbcUrl, simulatorUrl, rampSeconds);
    }
    record.put("correct", ok);
    append(results, record);
    System.out.println(line(record));
    if (!ok) {
      System.exit(3);
    }
  }

  private static boolean checks(ObjectNode record, JsonNode expected, String jdbcUrl, String simulatorUrl,
                                int rampSeconds) throws Exception {
    String prefix = expected.get("callerPrefix").asText() + "%";
    Map<String, Instant> accepted = new HashMap<>();
    Map<String, Integer> perCaller = new HashMap<>();
    for (JsonNode m : JSON.readTree(get(simulatorUrl + "/_sim/messages"))) {
      String to = m.get("to").asText();
      if (to.startsWith(expected.get("callerPrefix").asText())) {
        accepted.put(m.get("sid").asText(), Instant.parse(m.get("acceptedAt").asText()));
        perCaller.merge(to, 1, Integer::sum);
      }
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      long decided = scalar(c, "SELECT count(*) FROM calls WHERE caller LIKE ? AND decision <> 'pending'", prefix);
      long texted = scalar(c, "SELECT count(*) FROM calls WHERE caller LIKE ? AND reason = 'texted'", prefix);
      long leads = scalar(c, "SELECT count(*) FROM leads WHERE caller LIKE ?", prefix);
      long windowViolations = scalar(c, """
          SELECT count(*) FROM (
            SELECT c.received_at - lag(c.received_at) OVER (PARTITION BY c.lead_id ORDER BY c.received_at) AS gap,
                   w.duplicate_window_seconds AS window
              FROM calls c JOIN workspaces w ON w.id = c.workspace_id
             WHERE c.caller LIKE ? AND c.reason = 'texted') g
           WHERE g.gap < make_interval(secs => g.window)""", prefix);
      List<Long> latencies = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT m.message_sid, c.received_at FROM messages m
            JOIN jobs j ON j.id = m.job_id
            JOIN calls c ON c.id = (j.payload ->> 'call_id')::bigint
           WHERE m.to_number LIKE ? AND m.message_sid IS NOT NULL""")) {
        ps.setString(1, prefix);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Instant sent = accepted.get(rs.getString(1));
            if (sent != null) {
              latencies.add(sent.toEpochMilli() - rs.getTimestamp(2).toInstant().toEpochMilli());
            }
          }
        }
      }
      // sustained rate of durable decisions after the ramp: what the gateway really absorbed
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
      long sms = accepted.size();
      long missedCalls = expected.get("missedCalls").asLong();
      long finalCalls = missedCalls + expected.path("answeredCalls").asLong(0);
      boolean repeat = !expected.has("expectedSms");
      long expectedSms = repeat ? texted : expected.get("expectedSms").asLong();
      long expectedLeads = repeat ? Math.min(leads, expected.get("distinctCallers").asLong()) : missedCalls;
      long duplicates = repeat ? windowViolations
          : perCaller.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
      long lost = Math.max(0, finalCalls - decided) + Math.max(0, expectedSms - sms);
      record.put("callsSent", finalCalls);
      record.put("callsDecided", decided);
      record.put("leads", leads);
      record.put("leadsExpected", expectedLeads);
      record.put("sms", sms);
      record.put("smsExpected", expectedSms);
      record.put("duplicateSms", duplicates);
      record.put("lost", lost);
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      record.put("textbackP50Ms", percentile(sorted, 0.50));
      record.put("textbackP99Ms", percentile(sorted, 0.99));
      return leads == expectedLeads && sms == expectedSms && duplicates == 0 && lost == 0;
    }
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static long scalar(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
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

  static String line(JsonNode r) {
    StringBuilder s = new StringBuilder(String.format("[bench] %-22s %8.0f req/s", r.get("scenario").asText(),
        r.get("throughputRps").asDouble()));
    if (r.has("sustainedDecisionsPerSecond")) {
      s.append(String.format(" (%.0f calls/s decided after ramp)", r.get("sustainedDecisionsPerSecond").asDouble()));
    }
    if (r.has("ratioToCeiling")) {
      s.append(String.format(" (%.0f%% of ceiling %.0f)", 100 * r.get("ratioToCeiling").asDouble(),
          r.get("ceilingRps").asDouble()));
    }
    s.append(String.format(" | ack p50 %d p99 %d max %d ms", r.get("ackP50Ms").asLong(), r.get("ackP99Ms").asLong(),
        r.get("ackMaxMs").asLong()));
    if (r.has("textbackP50Ms")) {
      s.append(String.format(" | text-back p50 %d p99 %d ms", r.get("textbackP50Ms").asLong(),
          r.get("textbackP99Ms").asLong()));
    }
    s.append(String.format(" | heap %.0f MiB rss %.0f MiB", r.get("heapPeakMiB").asDouble(),
        r.get("rssPeakMiB").asDouble()));
    if (r.has("leads")) {
      s.append(String.format(" | leads %d/%d sms %d/%d dup %d lost %d %s", r.get("leads").asLong(),
          r.get("leadsExpected").asLong(), r.get("sms").asLong(), r.get("smsExpected").asLong(),
          r.get("duplicateSms").asLong(), r.get("lost").asLong(), r.get("correct").asBoolean() ? "OK" : "FAILED"));
    }
    s.append(String.format(" | failed requests %d/%d", r.get("failed").asLong(), r.get("requests").asLong()));
    return s.toString();
  }

}

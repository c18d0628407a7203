package com.missedcall.loadtests;

import com.missedcall.twiliosim.FormEncoding;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.TwilioSignature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one decided missed call costs the database and Redis, end to end: drives N missed calls (the incoming
 * call webhook, then the forwarded call's final status callback) through a real gateway whose Twilio is the
 * simulator (it accepts the text-back and reports sent and delivered back), waits until every text-back is
 * delivered and the gateway is quiet, and prints per decided call: statements (pg_stat_statements, top level
 * and nested), rows written (pg_stat_user_tables inserts, updates, deletes), total execution ms, and Redis
 * commands (INFO commandstats of a Redis server the gateway has to itself). The database must be the
 * gateway's own, with pg_stat_statements created in it and {@code pg_stat_statements.track = all} set on it.
 * Started by {@code load-tests/textback-row-cost.sh}.
 *
 * <p>Arguments: gatewayUrl jdbcUrl redisHost:port accountSid authToken calls warmupCalls concurrency workspaces
 */
public final class TextBackRowCost {
  private static final String MARK = "/* textback-row-cost */ ";

  private TextBackRowCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 9) {
      System.err.println("usage: TextBackRowCost gatewayUrl jdbcUrl redisHost:port accountSid authToken calls warmup"
          + " concurrency workspaces");
      System.exit(2);
    }
    String gateway = args[0];
    String jdbc = args[1];
    String[] redis = args[2].split(":");
    String account = args[3];
    String token = args[4];
    int calls = Integer.parseInt(args[5]);
    int warmup = Integer.parseInt(args[6]);
    int concurrency = Integer.parseInt(args[7]);
    int workspaces = Integer.parseInt(args[8]);
    String run = Long.toHexString(System.currentTimeMillis());
    Driver driver = new Driver(gateway, account, token, workspaces, concurrency, run);

    try (Connection db = DriverManager.getConnection(jdbc)) {
      db.setAutoCommit(true);
      driver.drive(0, warmup);
      awaitDelivered(db, warmup);
      Map<String, long[]> tablesBefore = quietTables(db);
      Map<String, Long> redisBefore = commandStats(redis[0], Integer.parseInt(redis[1]));
      RoundTrips roundTrips = RoundTrips.start(redis[0], Integer.parseInt(redis[1]));
      try (Statement st = db.createStatement()) {
        st.execute(MARK + "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
      }

      long started = System.nanoTime();
      int failed = driver.drive(warmup, calls);
      long decidedCalls = awaitDelivered(db, warmup + calls) - warmup;
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<String, long[]> tablesAfter = quietTables(db);
      Map<String, Long> redisAfter = commandStats(redis[0], Integer.parseInt(redis[1]));
      Map<String, Long> trips = roundTrips.stop();

      System.out.printf("[row-cost] %d missed calls (%d webhook deliveries shed and retried), %d text-backs delivered, %.1f s%n",
          calls, failed, decidedCalls, seconds);
      report(db, decidedCalls, tablesBefore, tablesAfter, redisBefore, redisAfter);
      long totalTrips = trips.values().stream().mapToLong(Long::longValue).sum();
      StringBuilder perCommand = new StringBuilder();
      trips.forEach((cmd, count) -> perCommand.append(String.format(" %s %.2f", cmd, count / (double) decidedCalls)));
      System.out.printf("[row-cost] Redis round trips per decided call: %.2f (%s )%n", totalTrips / (double) decidedCalls,
          perCommand.toString().trim());
    }
  }

  private static void report(Connection db, long n, Map<String, long[]> before, Map<String, long[]> after,
                             Map<String, Long> redisBefore, Map<String, Long> redisAfter) throws SQLException {
    long ins = 0;
    long upd = 0;
    long del = 0;
    StringBuilder perTable = new StringBuilder();
    for (var e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[4]);
      long[] a = e.getValue();
      long i = a[0] - b[0];
      long u = a[1] - b[1];
      long d = a[2] - b[2];
      ins += i;
      upd += u;
      del += d;
      if (i + u + d > 0) {
        perTable.append(String.format("    %-24s ins %5.2f  upd %5.2f  del %5.2f  (hot upd %5.2f)%n", e.getKey(),
            i / (double) n, u / (double) n, d / (double) n, (a[3] - b[3]) / (double) n));
      }
    }
    try (Statement st = db.createStatement(); var rs = st.executeQuery(MARK + """
        SELECT coalesce(sum(calls) FILTER (WHERE toplevel), 0), coalesce(sum(calls) FILTER (WHERE NOT toplevel), 0),
               coalesce(sum(total_exec_time) FILTER (WHERE toplevel), 0)
          FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query NOT LIKE '%textback-row-cost%'""")) {
      rs.next();
      System.out.printf("[row-cost] per decided call: %.2f statements (%.2f top level + %.2f nested), %.2f rows written"
              + " (%.2f ins, %.2f upd, %.2f del), %.3f ms executing, %.2f Redis commands%n",
          (rs.getLong(1) + rs.getLong(2)) / (double) n, rs.getLong(1) / (double) n, rs.getLong(2) / (double) n,
          (ins + upd + del) / (double) n, ins / (double) n, upd / (double) n, del / (double) n,
          rs.getDouble(3) / n, redisCommands(redisBefore, redisAfter) / (double) n);
    }
    System.out.print("[row-cost] rows written per decided call, by table:\n" + perTable);
    System.out.println("[row-cost] Redis commands per decided call: " + redisPerCall(redisBefore, redisAfter, n));
    System.out.println("[row-cost] statements per decided call (calls/n, rows/n, ms/n; nested marked '>'):");
    try (Statement st = db.createStatement(); var rs = st.executeQuery(MARK + """
        SELECT toplevel, calls, rows, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g')
          FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query NOT LIKE '%textback-row-cost%'
         ORDER BY calls DESC, total_exec_time DESC LIMIT 40""")) {
      while (rs.next()) {
        if (rs.getLong(2) * 50 < n) {
          continue; // rarer than one call in 50: background work
        }
        String q = rs.getString(5);
        System.out.printf("    %s %6.2f %6.2f %7.3f  %s%n", rs.getBoolean(1) ? " " : ">", rs.getLong(2) / (double) n,
            rs.getLong(3) / (double) n, rs.getDouble(4) / n, q.length() > 110 ? q.substring(0, 110) + "..." : q);
      }
    }
  }

  /**
   * Waits until this many text-backs are delivered, or all are sent and nothing moved for 5 s (a delivery
   * report the gateway shed is not sent again by the simulator); returns how many were sent.
   */
  private static long awaitDelivered(Connection db, long expected) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    String last = "";
    long stableSince = System.nanoTime();
    long sent = 0;
    while (System.nanoTime() < deadline) {
      long delivered = scalar(db, MARK + "SELECT count(*) FROM messages WHERE kind = 'textback' AND status = 'delivered'");
      sent = scalar(db, MARK + "SELECT count(*) FROM messages WHERE kind = 'textback' AND message_sid IS NOT NULL");
      if (delivered >= expected) {
        return delivered;
      }
      String now = delivered + "/" + sent;
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      } else if (sent >= expected && System.nanoTime() - stableSince > 5_000_000_000L) {
        System.err.printf("[row-cost] %d of %d text-backs sent, %d delivery reports missing%n", sent, expected,
            sent - delivered);
        return sent;
      }
      Thread.sleep(200);
    }
    System.err.printf("[row-cost] only %d of %d text-backs sent after 180 s%n", sent, expected);
    return sent;
  }

  /**
   * Row counters per table once the gateway's backends reported theirs: a backend reports its counters when
   * idle, at most every 10 s, so this waits 11 s. (The gateway's periodic work, sweeps and folds, keeps
   * writing a little: it is counted in, spread over the calls.)
   */
  private static Map<String, long[]> quietTables(Connection db) throws SQLException, InterruptedException {
    Thread.sleep(11_000);
    return tables(db);
  }

  private static Map<String, long[]> tables(Connection db) throws SQLException {
    Map<String, long[]> t = new TreeMap<>();
    try (Statement st = db.createStatement(); var rs = st.executeQuery(MARK
        + "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd FROM pg_stat_user_tables")) {
      while (rs.next()) {
        t.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
      }
    }
    return t;
  }

  private static long scalar(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long redisCommands(Map<String, Long> before, Map<String, Long> after) {
    long total = 0;
    for (var e : after.entrySet()) {
      if (!e.getKey().equals("info")) {
        total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
      }
    }
    return total;
  }

  private static String redisPerCall(Map<String, Long> before, Map<String, Long> after, long n) {
    List<String> parts = new ArrayList<>();
    for (var e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (d > 0 && !e.getKey().equals("info")) {
        parts.add(String.format("%s %.2f", e.getKey(), d / (double) n));
      }
    }
    return String.join(", ", parts);
  }

  /** {@code INFO commandstats}: calls per command, over plain RESP. */
  private static Map<String, Long> commandStats(String host, int port) throws IOException {
    try (Socket s = new Socket(host, port)) {
      OutputStream out = s.getOutputStream();
      out.write("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String header = in.readLine();
      int length = Integer.parseInt(header.substring(1));
      char[] body = new char[length];
      int read = 0;
      while (read < length) {
        int r = in.read(body, read, length - read);
        if (r < 0) {
          break;
        }
        read += r;
      }
      Map<String, Long> stats = new TreeMap<>();
      for (String line : new String(body, 0, read).split("\r\n")) {
        if (line.startsWith("cmdstat_")) {
          String name = line.substring("cmdstat_".length(), line.indexOf(':'));
          String calls = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
          stats.put(name, Long.parseLong(calls));
        }
      }
      return stats;
    }
  }

  /**
   * Commands the gateway sent Redis (each one request on the wire, so one round trip unless pipelined), read
   * from MONITOR on a connection of its own: commands a script runs inside Redis are shown as "lua" and left out.
   */
  private static final class RoundTrips {
    private final Socket socket;
    private final Map<String, Long> counts = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Thread reader;

    private RoundTrips(Socket socket) {
      this.socket = socket;
      this.reader = new Thread(this::read, "redis-monitor");
      this.reader.setDaemon(true);
      this.reader.start();
    }

    static RoundTrips start(String host, int port) throws IOException {
      Socket s = new Socket(host, port);
      s.getOutputStream().write("*1\r\n$7\r\nMONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return new RoundTrips(s);
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          int close = line.indexOf(']');
          if (!line.startsWith("+") || close < 0 || line.contains("[0 lua]") || line.indexOf('"', close) < 0) {
            continue;
          }
          int q = line.indexOf('"', close);
          String cmd = line.substring(q + 1, line.indexOf('"', q + 1)).toLowerCase(java.util.Locale.ROOT);
          if (!cmd.equals("info") && !cmd.equals("monitor")) {
            counts.merge(cmd, 1L, Long::sum);
          }
        }
      } catch (IOException e) {
        // closed by stop()
      }
    }

    Map<String, Long> stop() throws IOException, InterruptedException {
      socket.close();
      reader.join(2000);
      return new TreeMap<>(counts);
    }
  }

  /** Sends each missed call's two webhooks in order, at most {@code concurrency} calls at once. */
  private static final class Driver {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String gateway;
    private final String account;
    private final String token;
    private final int workspaces;
    private final int concurrency;
    private final String run;

    Driver(String gateway, String account, String token, int workspaces, int concurrency, String run) {
      this.gateway = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
      this.account = account;
      this.token = token;
      this.workspaces = workspaces;
      this.concurrency = concurrency;
      this.run = run;
    }

    /** Calls number {@code from} to {@code from + count - 1}; returns how many webhooks were not acknowledged. */
    int drive(int from, int count) throws InterruptedException {
      Semaphore room = new Semaphore(concurrency);
      AtomicInteger refused = new AtomicInteger();
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i = from; i < from + count; i++) {
        room.acquire();
        String callSid = String.format("CA%s%0" + (32 - run.length()) + "x", run, i + 1);
        String caller = String.format("+1609%07d", i % 10_000_000);
        String called = "+1555200" + String.format("%04d", i % workspaces);
        Map<String, String> incoming = TwilioPayloads.incomingCall(account, callSid, caller, called);
        Map<String, String> status = TwilioPayloads.callStatus(account, callSid, caller, called, "completed", 3);
        CompletableFuture<?> call = post("/twilio/voice/incoming", incoming, refused)
            .thenCompose(v -> post("/twilio/voice/status", status, refused))
            .whenComplete((v, err) -> room.release());
        all.add(call);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      return refused.get();
    }

    /** Posts one webhook; a 503 (shed) is retried as Twilio would, up to 50 times, 100 ms apart. */
    private CompletableFuture<Void> post(String path, Map<String, String> params, AtomicInteger refused) {
      String url = gateway + path;
      HttpRequest req = HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Twilio-Signature", TwilioSignature.signSingleValued(token, url, new LinkedHashMap<>(params)))
          .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(params)))
          .build();
      return attempt(req, 50, refused);
    }

    private CompletableFuture<Void> attempt(HttpRequest req, int left, AtomicInteger refused) {
      return http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((res, err) -> {
        boolean ok = err == null && res.statusCode() / 100 == 2;
        if (ok) {
          return CompletableFuture.<Void>completedFuture(null);
        }
        refused.incrementAndGet();
        if (left <= 1) {
          return CompletableFuture.<Void>completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS))
            .thenCompose(v -> attempt(req, left - 1, refused));
      }).thenCompose(f -> f);
    }
  }
}

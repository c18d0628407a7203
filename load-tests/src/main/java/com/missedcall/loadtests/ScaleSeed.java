package com.missedcall.loadtests;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Seeds a database at the dashboard's scale (by default 1,100,000 calls, 220,000 leads, 520 workspaces
 * in 40 agencies over 90 days): migrates it with the project's Flyway migrations, then runs
 * {@code scale-seed.sql} step by step, each step one set-based statement or a few. Prints the dashboard
 * key of agency 1 (whose five biggest workspaces the skew favours) for measuring the admin API.
 * <p>{@code java -cp load-tools.jar com.missedcall.loadtests.ScaleSeed postgresql://postgres@127.0.0.1:5432/scale}
 * with {@code -Dcalls=}, {@code -Dleads=}, {@code -Dworkspaces=}, {@code -Dagencies=}, {@code -Ddays=}.
 */
public final class ScaleSeed {
  /** A key for a throw-away bench database only; it is printed so the measuring tools can use it. */
  static final String API_KEY = "mcr_live_ScaleSeedDashboardReader00000001";

  private ScaleSeed() {}

  public static void main(String[] args) throws SQLException, IOException {
    if (args.length != 1) {
      System.err.println("usage: ScaleSeed postgresql://user[:password]@host:port/database");
      System.exit(2);
    }
    DatabaseUrl db = DatabaseUrl.parse(args[0]);
    int applied = Migrations.configuration(db).load().migrate().migrationsExecuted;
    System.out.printf("[seed] %d migrations applied%n", applied);
    Map<String, String> vars = Map.of(
        "agencies", String.valueOf(Integer.getInteger("agencies", 40)),
        "workspaces", String.valueOf(Integer.getInteger("workspaces", 520)),
        "leads", String.valueOf(Integer.getInteger("leads", 220_000)),
        "calls", String.valueOf(Integer.getInteger("calls", 1_100_000)),
        "days", String.valueOf(Integer.getInteger("days", 90)),
        "apiKey", API_KEY);
    String script = script(vars);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement()) {
      for (String step : script.split("(?m)^-- step: ")) {
        if (step.isBlank() || step.startsWith("--")) {
          continue; // the header comment
        }
        String name = step.substring(0, step.indexOf('\n'));
        long started = System.nanoTime();
        st.execute(step.substring(name.length()));
        System.out.printf("[seed] %-90s %6.1f s%n", name, (System.nanoTime() - started) / 1e9);
      }
      try (var rs = st.executeQuery("""
          SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM leads) AS leads,
                 (SELECT count(*) FROM workspaces) AS workspaces, (SELECT count(*) FROM messages) AS messages,
                 (SELECT count(*) FROM conversations) AS conversations""")) {
        rs.next();
        System.out.printf("[seed] database now holds %,d calls, %,d leads, %,d workspaces, %,d messages, %,d conversations%n",
            rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
      }
    }
    System.out.println("[seed] dashboard key of agency 1: " + API_KEY);
  }

  static String script(Map<String, String> vars) throws IOException {
    try (InputStream in = ScaleSeed.class.getResourceAsStream("/scale-seed.sql")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (var e : vars.entrySet()) {
        text = text.replace("${" + e.getKey() + "}", e.getValue());
      }
      return text;
    }
  }
}

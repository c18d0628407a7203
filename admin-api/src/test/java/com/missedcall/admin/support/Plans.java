package com.missedcall.admin.support;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dashboard's queries as the planner sees them on a database with enough rows: the test database
 * seeded with the load tests' scale seed (its distributions, smaller), analyzed, then each query prepared
 * as the admin API sends it and explained with the values a request binds, with sequential scans and
 * sorts made a last resort: what is left of them is what no index can replace.
 */
public final class Plans {
  /** Tables a dashboard query must never read whole. */
  public static final Set<String> BIG = Set.of("calls", "leads", "messages", "jobs", "conversations",
      "call_rollup_hourly");
  private static final Path SEED = Path.of("..", "load-tests", "src", "main", "resources", "scale-seed.sql");

  private final TestDatabase db;
  private final long smallest;

  private Plans(TestDatabase db) {
    this.db = db;
    this.smallest = db.queryLong("SELECT min(c) FROM (SELECT count(*) AS c FROM calls UNION ALL "
        + "SELECT count(*) FROM leads UNION ALL SELECT count(*) FROM messages) t");
  }

  /** Seeds (60,000 calls, 12,000 leads, 200 workspaces in 20 agencies), folds the rollup, analyzes. */
  public static Plans seeded(TestDatabase db) {
    String script;
    try {
      script = Files.readString(SEED, StandardCharsets.UTF_8)
          .replace("${agencies}", "20").replace("${workspaces}", "200").replace("${leads}", "12000")
          .replace("${calls}", "60000").replace("${days}", "90")
          .replace("${apiKey}", "mcr_live_PlanTestDashboardReader000000001");
    } catch (IOException e) {
      throw new IllegalStateException("the scale seed is read from " + SEED.toAbsolutePath(), e);
    }
    Migrations.configuration(DatabaseUrl.parse(db.url())).load().migrate();
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      for (String step : script.split("(?m)^-- step: ")) {
        if (!step.isBlank() && !step.startsWith("--")) {
          st.execute(step.substring(step.indexOf('\n')));
        }
      }
      boolean caughtUp = false;
      while (!caughtUp) {
        try (var rs = st.executeQuery("SELECT caught_up FROM call_rollup_fold()")) {
          rs.next();
          caughtUp = rs.getBoolean(1);
        }
      }
      st.execute("ANALYZE");
    } catch (SQLException e) {
      throw new IllegalStateException("seeding failed", e);
    }
    return new Plans(db);
  }

  /** The agency with the most workspaces, its biggest workspace, and a lead and conversation of it. */
  public long agency() {
    return db.queryLong("SELECT agency_id FROM workspaces GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
  }

  public long bigWorkspace() {
    return db.queryLong("SELECT c.workspace_id FROM calls c JOIN workspaces w ON w.id = c.workspace_id "
        + "WHERE w.agency_id = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", agency());
  }

  public long lead() {
    return db.queryLong("SELECT max(lead_id) FROM conversations WHERE workspace_id = ?", bigWorkspace());
  }

  /** The hour before which the rollup is folded, as a literal. */
  public String freshHour() {
    return "'" + db.queryString("SELECT fresh_hour::text FROM call_rollup_state") + "'";
  }

  public long conversation() {
    return db.queryLong("SELECT max(id) FROM conversations WHERE workspace_id = ?", bigWorkspace());
  }

  /**
   * The plan of {@code sql} (with {@code $n} parameters, as the admin API prepares it) for these values,
   * given as SQL literals ("42", "NULL", "'texted'", "now() - interval '7 days'").
   */
  public Plan explain(String sql, String... literals) {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      // At test scale a seq scan of a 12,000-row table can be the cheaper plan for a big tenant, so the
      // planner is told to avoid one if it can: a Seq Scan (or a Sort) still in the plan means no index
      // can serve the query's filter (or order). The plans at a million calls are in the README.
      st.execute("SET enable_seqscan = off");
      st.execute("SET enable_sort = off");
      st.execute("SET enable_mergejoin = off"); // else a join walks a whole primary key instead of
      st.execute("SET enable_hashjoin = off");  // looking up the few rows a tenant's window joins

      st.execute("PREPARE q AS " + sql);
      try (var rs = st.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE q(" + String.join(", ", literals) + ")")) {
        rs.next();
        return new Plan(new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan"), smallest);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("explain failed: " + sql, e);
    }
  }

  /** A plan tree; its nodes flattened for assertions. */
  public record Plan(JsonObject root, long smallestTable) {
    public List<JsonObject> nodes() {
      List<JsonObject> out = new ArrayList<>();
      collect(root, out);
      return out;
    }

    /**
     * Reads of a whole big table: a sequential scan, or an index scan with no condition on the index
     * (walking an index end to end for its order or its filter), e.g. {@code [Seq Scan on calls]}.
     */
    public List<String> wholeTableScans() {
      return nodes().stream()
          .filter(n -> n.getString("Relation Name") != null && BIG.contains(n.getString("Relation Name")))
          .filter(n -> n.getString("Node Type").equals("Seq Scan")
              || (n.getString("Node Type").startsWith("Index") && n.getString("Index Cond") == null))
          .map(n -> n.getString("Node Type") + " on " + n.getString("Relation Name")
              + (n.containsKey("Index Name") ? " using " + n.getString("Index Name") : ""))
          .collect(Collectors.toList());
    }

    /** Sorts whose input is a tenth of a big table or more (a page must come from an index in order). */
    public List<String> bigSorts() {
      return nodes().stream()
          .filter(n -> n.getString("Node Type").equals("Sort") && n.getLong("Plan Rows") * 10 >= smallestTable)
          .map(n -> "Sort of " + n.getLong("Plan Rows") + " rows").collect(Collectors.toList());
    }

    @Override
    public String toString() {
      return root.encodePrettily();
    }

    private static void collect(JsonObject node, List<JsonObject> out) {
      out.add(node);
      JsonArray children = node.getJsonArray("Plans");
      if (children != null) {
        children.forEach(child -> collect((JsonObject) child, out));
      }
    }
  }
}

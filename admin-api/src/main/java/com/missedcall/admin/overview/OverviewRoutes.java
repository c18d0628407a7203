package com.missedcall.admin.overview;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.numbers.SetupCheck;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The overview (per workspace or across the agency) and usage against caps. */
public final class OverviewRoutes {
  private final Pool pool;
  private final OverviewStore overview;
  private final UsageStore usage;
  private final IntakeStats intake = new IntakeStats();
  private final WorkspaceStore workspaces;
  private final SetupCheck setup;

  public OverviewRoutes(Pool pool, OverviewStore overview, UsageStore usage, WorkspaceStore workspaces,
                        SetupCheck setup) {
    this.pool = pool;
    this.overview = overview;
    this.usage = usage;
    this.workspaces = workspaces;
    this.setup = setup;
  }

  public void bind(Operations ops) {
    ops.json("getOverview", this::overview);
    ops.json("getUsage", ctx -> usage.usage(pool, Caller.of(ctx).agencyId(), null)
        .map(list -> new JsonObject().put("data", list)));
    ops.json("getWorkspaceUsage", ctx -> {
      Caller caller = Caller.of(ctx);
      long id = Params.of(ctx).pathLong("workspaceId");
      return workspaces.requireOwn(pool, caller.agencyId(), id)
          .compose(v -> usage.usage(pool, caller.agencyId(), id))
          .map(list -> list.getJsonObject(0));
    });
  }

  private Future<JsonObject> overview(RoutingContext ctx) {
    Params p = Params.of(ctx);
    Caller caller = Caller.of(ctx);
    Long workspaceId = p.queryLong("workspace_id");
    int days = p.queryInt("days", 30);
    Future<String> zone = workspaceId == null ? Future.succeededFuture("UTC")
        : workspaces.requireOwn(pool, caller.agencyId(), workspaceId)
            .compose(v -> workspaces.find(pool, caller.agencyId(), workspaceId))
            .map(ws -> ws.orElseThrow().getString("timezone"));
    return zone.compose(tz -> {
      ZoneId zoneId = ZoneId.of(tz);
      LocalDate today = ZonedDateTime.now(zoneId).toLocalDate();
      LocalDate first = today.minusDays(days - 1L);
      return overview.overview(pool, caller.agencyId(), workspaceId,
              first.atStartOfDay(zoneId).toOffsetDateTime(), tz, first, today)
          .compose(out -> usage.usage(pool, caller.agencyId(), workspaceId).map(u -> out.put("usage", u)))
          .compose(out -> intake.counts(pool, caller.agencyId(), workspaceId, first.atStartOfDay(zoneId)
              .toOffsetDateTime()).map(counts -> out.put("intake_page", counts)))
          .compose(out -> setup.forWorkspace(pool, caller.agencyId(), workspaceId)
              .map(checks -> out.put("setup", setupSummary(checks))))
          .map(out -> out.put("workspace_id", workspaceId).put("days", days).put("timezone", tz)
              .put("from", first.toString()).put("to", today.toString()));
    });
  }

  private static JsonObject setupSummary(JsonArray checks) {
    int verified = 0;
    int incomplete = 0;
    int actionNeeded = 0;
    for (Object o : checks) {
      switch (((JsonObject) o).getString("state")) {
        case "verified" -> verified++;
        case "action_needed" -> actionNeeded++;
        default -> incomplete++;
      }
    }
    return new JsonObject().put("numbers", checks.size()).put("verified", verified).put("incomplete", incomplete)
        .put("action_needed", actionNeeded).put("details", checks);
  }
}

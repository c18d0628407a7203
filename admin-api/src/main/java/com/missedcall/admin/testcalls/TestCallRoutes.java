package com.missedcall.admin.testcalls;

import com.missedcall.admin.accounts.TwilioAccountStore;
import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Test-call mode: the workspace's test caller numbers, and a test call placed through Twilio's Calls API. */
public final class TestCallRoutes {
  static final String NUMBER = """
      SELECT n.id, n.phone_number, n.account_sid FROM tracked_numbers n
       WHERE n.workspace_id = $1 AND n.active AND ($2::bigint IS NULL OR n.id = $2)
       ORDER BY n.id LIMIT 1""";
  /** How long after one test call a workspace may place the next (each costs a Twilio call). */
  static final int SECONDS_BETWEEN_CALLS = 30;
  static final String RESERVE = """
      INSERT INTO test_call_placements (workspace_id, number_id, from_number, to_number)
      SELECT $1, $2, $3, $4
       WHERE NOT EXISTS (SELECT 1 FROM test_call_placements p
                          WHERE p.workspace_id = $1 AND p.placed_at > now() - make_interval(secs => $5))
      RETURNING id""";
  static final String PLACED = "UPDATE test_call_placements SET call_sid = $2 WHERE id = $1";
  static final String REFUSED = "DELETE FROM test_call_placements WHERE id = $1";

  private final Pool pool;
  private final TestCallerStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;
  private final TwilioAccountStore accounts;
  private final TwilioTestCalls twilio;

  public TestCallRoutes(Pool pool, TestCallerStore store, WorkspaceStore workspaces, AuditLog audit,
                        TwilioAccountStore accounts, TwilioTestCalls twilio) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
    this.accounts = accounts;
    this.twilio = twilio;
  }

  public void bind(Operations ops) {
    ops.json("listTestCallers", ctx -> {
      Caller caller = Caller.of(ctx);
      long id = Params.of(ctx).pathLong("workspaceId");
      return workspaces.requireOwn(pool, caller.agencyId(), id)
          .compose(v -> store.list(pool, caller.agencyId(), id))
          .map(list -> new JsonObject().put("data", list).put("next_cursor", null));
    });
    ops.created("createTestCaller", this::create);
    ops.noContent("deleteTestCaller", this::delete);
    ops.created("placeTestCall", this::place);
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long workspaceId = p.pathLong("workspaceId");
    JsonObject body = p.body();
    String number = body.getString("number");
    String label = blankToNull(body.getString("label"));
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), workspaceId)
        .compose(mine -> mine ? store.count(conn, workspaceId) : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(count -> count >= TestCallerStore.MAX_PER_WORKSPACE
            ? Future.failedFuture(ApiProblem.conflict("test_caller_limit_reached",
                "A workspace may register at most " + TestCallerStore.MAX_PER_WORKSPACE + " test caller numbers"))
            : store.insert(conn, workspaceId, number, label))
        .compose(created -> created.map(json -> audit.record(conn, caller, "test_caller.create", "test_caller",
                json.getLong("id"), new JsonObject().put("number", number).put("label", label)
                    .put("workspace_id", workspaceId)).map(json))
            .orElseGet(() -> Future.failedFuture(ApiProblem.conflict("test_caller_exists",
                "This number is already a test caller of this workspace")))));
  }

  private Future<Void> delete(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("testCallerId");
    return pool.withTransaction(conn -> store.delete(conn, caller.agencyId(), id)
        .compose(deleted -> deleted.map(json -> audit.record(conn, caller, "test_caller.delete", "test_caller", id,
                new JsonObject().put("number", json.getString("number"))
                    .put("workspace_id", json.getLong("workspace_id"))))
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("test_caller")))));
  }

  /** The tracked number the test call goes to, and the test phone it comes from. */
  private record Target(long numberId, String to, String accountSid, String from) {}

  /**
   * Calls the workspace's tracked number from a test caller's phone. The answer is Twilio's acceptance: the call's
   * result (text-back or not) shows in the setup check's {@code test_call} line once the gateway decided it.
   */
  private Future<JsonObject> place(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long workspaceId = p.pathLong("workspaceId");
    JsonObject body = p.body();
    String wanted = body.getString("from");
    Long numberId = body.getLong("number_id");
    return workspaces.requireOwn(pool, caller.agencyId(), workspaceId)
        .compose(v -> store.list(pool, caller.agencyId(), workspaceId))
        .compose(callers -> testPhone(callers, wanted, workspaceId))
        .compose(from -> pool.preparedQuery(NUMBER).execute(Tuple.of(workspaceId, numberId)).compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiProblem.conflict("no_tracked_number",
                "The workspace has no active tracked number to call"));
          }
          Row n = rows.iterator().next();
          return Future.succeededFuture(new Target(n.getLong("id"), n.getString("phone_number"),
              n.getString("account_sid"), from));
        }))
        .compose(target -> reserve(caller, workspaceId, target).compose(placement ->
            accounts.token(pool, caller.agencyId(), target.accountSid())
                .compose(token -> token.isEmpty()
                    ? Future.failedFuture(TwilioTestCalls.notPlaced(target.to(),
                        "The number's Twilio account is not registered in this agency"))
                    : twilio.place(target.accountSid(), token.get(), target.from(), target.to()))
                // refused or not asked: the next try need not wait
                .recover(err -> pool.preparedQuery(REFUSED).execute(Tuple.of(placement))
                    .transform(ignored -> Future.<JsonObject>failedFuture(err)))
                .compose(call -> {
                  JsonObject placed = new JsonObject().put("call_sid", call.getString("sid"))
                      .put("status", call.getString("status", "queued")).put("from", target.from())
                      .put("to", target.to()).put("number_id", target.numberId()).put("workspace_id", workspaceId);
                  return pool.withTransaction(conn -> conn.preparedQuery(PLACED)
                      .execute(Tuple.of(placement, placed.getString("call_sid")))
                      .compose(v -> audit.record(conn, caller, "test_call.place", "workspace", workspaceId,
                          placed.copy()))).map(placed);
                })));
  }

  /** One test call at a time per workspace: the placement's row, under the workspace's row lock. */
  private Future<Long> reserve(Caller caller, long workspaceId, Target target) {
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), workspaceId)
        .compose(mine -> !mine ? Future.<Long>failedFuture(ApiProblem.notFound("workspace"))
            : conn.preparedQuery(RESERVE).execute(Tuple.of(workspaceId, target.numberId(), target.from(), target.to(),
                (double) SECONDS_BETWEEN_CALLS)).compose(rows -> rows.size() == 0
                ? Future.failedFuture(ApiProblem.conflict("test_call_in_progress", "A test call was placed less than "
                    + SECONDS_BETWEEN_CALLS + " s ago; wait for its text-back (the test_call line of the setup check)"))
                : Future.succeededFuture(rows.iterator().next().getLong("id")))));
  }

  /** The registered test phone to call from: the one asked for, else the first registered. */
  private static Future<String> testPhone(JsonArray callers, String wanted, long workspaceId) {
    for (Object o : callers) {
      String number = ((JsonObject) o).getString("number");
      if (wanted == null || wanted.equals(number)) {
        return Future.succeededFuture(number);
      }
    }
    return Future.failedFuture(ApiProblem.conflict("no_test_caller", wanted == null
        ? "Register a test caller number first (POST /api/v1/workspaces/" + workspaceId + "/test-callers): the test "
            + "call comes from it"
        : wanted + " is not a test caller of this workspace"));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

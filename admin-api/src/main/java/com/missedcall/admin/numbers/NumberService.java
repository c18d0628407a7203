package com.missedcall.admin.numbers;

import com.missedcall.admin.accounts.TwilioAccountStore;
import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Patch;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.util.Optional;

/**
 * Adds, changes and retires tracked numbers. The workspace and the Twilio account must both be the
 * caller's; after the commit the number's entry in the tracked-number cache is dropped so the next
 * call sees the change at once.
 */
public final class NumberService {
  private final Pool pool;
  private final TrackedNumberStore store;
  private final WorkspaceStore workspaces;
  private final TwilioAccountStore accounts;
  private final AuditLog audit;
  private final EventBus bus;

  public NumberService(Pool pool, TrackedNumberStore store, WorkspaceStore workspaces, TwilioAccountStore accounts,
                       AuditLog audit, EventBus bus) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.accounts = accounts;
    this.audit = audit;
    this.bus = bus;
  }

  public Future<JsonObject> get(Caller caller, long id) {
    return store.find(pool, caller.agencyId(), id).map(found -> found.orElseThrow(() -> ApiProblem.notFound("number")));
  }

  public Future<JsonObject> create(Caller caller, JsonObject body) {
    if ("direct".equals(body.getString("routing_mode")) && body.getString("business_phone") == null) {
      return Future.failedFuture(businessPhoneRequired());
    }
    long agency = caller.agencyId();
    return pool.withTransaction(conn -> workspaces.exists(conn, agency, body.getLong("workspace_id"))
            .compose(ws -> ws ? accounts.exists(conn, agency, body.getString("account_sid"))
                : Future.failedFuture(ApiProblem.notFound("workspace")))
            .compose(acc -> acc ? store.insert(conn, body)
                : Future.failedFuture(ApiProblem.notFound("twilio_account")))
            .compose(id -> store.find(conn, agency, id).map(Optional::get))
            .compose(created -> audit.record(conn, caller, "number.create", "number", created.getLong("id"),
                AuditLog.diff(null, created, body.fieldNames())).map(created)))
        .recover(NumberService::inUse)
        .onSuccess(created -> bus.publish(Addresses.NUMBERS_CHANGED, created.getString("phone_number")));
  }

  public Future<JsonObject> update(Caller caller, long id, JsonObject body) {
    Patch patch = Patch.of(body, TrackedNumberStore.WRITABLE, 2);
    long agency = caller.agencyId();
    return pool.withTransaction(conn -> store.lock(conn, agency, id)
            .compose(mine -> mine ? store.find(conn, agency, id).map(Optional::get)
                : Future.failedFuture(ApiProblem.notFound("number")))
            .compose(before -> {
              String mode = body.getString("routing_mode", before.getString("routing_mode"));
              String businessPhone = body.containsKey("business_phone") ? body.getString("business_phone")
                  : before.getString("business_phone");
              if ("direct".equals(mode) && businessPhone == null) {
                return Future.failedFuture(businessPhoneRequired());
              }
              return store.update(conn, id, patch)
                  .compose(v -> store.find(conn, agency, id).map(Optional::get))
                  .compose(after -> {
                    JsonObject changes = AuditLog.diff(before, after, patch.fields());
                    return changes.isEmpty() ? Future.succeededFuture(after)
                        : audit.record(conn, caller, "number.update", "number", id, changes).map(after);
                  });
            }))
        .recover(NumberService::inUse)
        .onSuccess(after -> bus.publish(Addresses.NUMBERS_CHANGED, after.getString("phone_number")));
  }

  /** Retires the number: calls to it are no longer recovered. Its history stays. */
  public Future<JsonObject> deactivate(Caller caller, long id) {
    return update(caller, id, new JsonObject().put("active", false));
  }

  private static ApiProblem businessPhoneRequired() {
    return ApiProblem.invalid("business_phone_required",
        "A direct-mode number needs the business phone the gateway dials first");
  }

  private static <T> Future<T> inUse(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(ApiProblem.conflict("number_in_use",
          "This phone number is already active in a workspace; retire it there first"));
    }
    return Future.failedFuture(err);
  }
}

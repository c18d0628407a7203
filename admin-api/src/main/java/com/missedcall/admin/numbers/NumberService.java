package com.missedcall.admin.numbers;

import com.missedcall.admin.accounts.TwilioAccountStore;
import com.missedcall.admin.accounts.TwilioOwnership;
import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Patch;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.calls.CallerNumber;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, changes and retires tracked numbers. The workspace and the Twilio account must both be the
 * caller's; after the commit the number's entry in the tracked-number cache is dropped so the next
 * call sees the change at once.
 *
 * <p>Activating a number (adding it, or switching a retired one back on) is decided on proof: a number the
 * caller's agency already has active answers {@code number_in_use}; any other must be listed by Twilio on
 * the caller's account, checked with the caller's stored credentials. So another agency's number answers
 * exactly what any number that is not on the caller's account answers. Only a caller whose own Twilio
 * account holds the number learns that another agency still has it active, and not which; the holder is
 * named in an operator log line.
 */
public final class NumberService {
  private static final Logger LOG = LoggerFactory.getLogger(NumberService.class);

  private final Pool pool;
  private final TrackedNumberStore store;
  private final WorkspaceStore workspaces;
  private final TwilioAccountStore accounts;
  private final AuditLog audit;
  private final EventBus bus;
  private final TwilioOwnership ownership;

  public NumberService(Pool pool, TrackedNumberStore store, WorkspaceStore workspaces, TwilioAccountStore accounts,
                       AuditLog audit, EventBus bus, TwilioOwnership ownership) {
    this.ownership = ownership;
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
    String phone = body.getString("phone_number");
    String sid = body.getString("account_sid");
    return workspaces.exists(pool, agency, body.getLong("workspace_id"))
        .compose(ws -> ws ? accounts.token(pool, agency, sid) : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(token -> token.isEmpty() ? Future.failedFuture(ApiProblem.notFound("twilio_account"))
            : provenOnAccount(agency, sid, token.get(), phone))
        .compose(proven -> pool.withTransaction(conn -> workspaces.exists(conn, agency, body.getLong("workspace_id"))
            .compose(ws -> ws ? accounts.exists(conn, agency, body.getString("account_sid"))
                : Future.failedFuture(ApiProblem.notFound("workspace")))
            .compose(acc -> acc ? store.insert(conn, body)
                : Future.failedFuture(ApiProblem.notFound("twilio_account")))
            .compose(id -> store.find(conn, agency, id).map(Optional::get))
            .compose(created -> audit.record(conn, caller, "number.create", "number", created.getLong("id"),
                AuditLog.diff(null, created, body.fieldNames())).map(created))))
        .recover(err -> inUse(err, caller, phone))
        .onSuccess(created -> bus.publish(Addresses.NUMBERS_CHANGED, created.getString("phone_number")));
  }

  public Future<JsonObject> update(Caller caller, long id, JsonObject body) {
    Patch patch = Patch.of(body, TrackedNumberStore.WRITABLE, 2);
    long agency = caller.agencyId();
    return activation(caller, id, body).compose(proven -> pool.withTransaction(conn -> store.lock(conn, agency, id)
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
            })))
        .recover(err -> store.find(pool, agency, id)
            .compose(row -> inUse(err, caller, row.map(r -> r.getString("phone_number")).orElse(null))))
        .onSuccess(after -> bus.publish(Addresses.NUMBERS_CHANGED, after.getString("phone_number")));
  }

  /** Retires the number: calls to it are no longer recovered. Its history stays. */
  public Future<JsonObject> deactivate(Caller caller, long id) {
    return update(caller, id, new JsonObject().put("active", false));
  }

  /** Switching a retired number of the caller's back on needs the same proof as adding it. */
  private Future<Void> activation(Caller caller, long id, JsonObject body) {
    if (!Boolean.TRUE.equals(body.getValue("active"))) {
      return Future.succeededFuture();
    }
    long agency = caller.agencyId();
    return store.find(pool, agency, id).compose(found -> {
      if (found.isEmpty() || found.get().getBoolean("active")) {
        return Future.succeededFuture();
      }
      String sid = found.get().getString("account_sid");
      return accounts.token(pool, agency, sid).compose(token -> token.isEmpty() ? Future.succeededFuture()
          : provenOnAccount(agency, sid, token.get(), found.get().getString("phone_number")));
    });
  }

  /** The caller's own active number is refused plainly; any other number must be on the caller's Twilio account. */
  private Future<Void> provenOnAccount(long agency, String sid, String token, String phone) {
    return store.activeHolder(pool, phone).compose(holder -> holder.isPresent() && holder.get().agencyId() == agency
        ? Future.failedFuture(numberInUse()) : ownership.requireNumber(sid, token, phone));
  }

  private static ApiProblem businessPhoneRequired() {
    return ApiProblem.invalid("business_phone_required",
        "A direct-mode number needs the business phone the gateway dials first");
  }

  private static ApiProblem numberInUse() {
    return ApiProblem.conflict("number_in_use",
        "This phone number is already active in one of your workspaces; retire it there first");
  }

  /**
   * A unique violation on the active phone number: the caller's own (a concurrent request) is
   * {@code number_in_use}; another agency's reaches here only after Twilio listed the number on the
   * caller's account, so the caller owns it at Twilio and another agency's claim is stale.
   */
  private <T> Future<T> inUse(Throwable err, Caller caller, String phone) {
    if (!(err instanceof PgException pg && "23505".equals(pg.getSqlState()))) {
      return Future.failedFuture(err);
    }
    if (phone == null) {
      return Future.failedFuture(numberInUse());
    }
    return store.activeHolder(pool, phone).compose(holder -> {
      if (holder.isEmpty() || holder.get().agencyId() == caller.agencyId()) {
        return Future.failedFuture(numberInUse());
      }
      LOG.atWarn().addKeyValue("phone", CallerNumber.mask(phone)).addKeyValue("requestingAgency", caller.agencyId())
          .addKeyValue("holdingAgency", holder.get().agencyId()).addKeyValue("holdingNumberId", holder.get().numberId())
          .log("number activation refused: Twilio lists it on the requester's account, another agency has it active");
      return Future.failedFuture(ApiProblem.conflict("number_registered_elsewhere",
          "Twilio lists this number on your account, but another agency of this gateway still has it active; "
              + "contact the operator to have it released"));
    });
  }
}

package com.missedcall.admin.accounts;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.recovery.twilio.TwilioAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agency's Twilio accounts: register one, rotate its auth token (the previous token keeps
 * validating webhooks until the rotation is finished), list them with tokens masked.
 *
 * <p>Registering is decided on proof, not on what the gateway holds: an account the caller already has
 * answers {@code account_already_registered}; any other is first checked at Twilio with the caller's
 * credentials, so another agency's SID with a wrong token answers exactly what any wrong token answers.
 * Only a caller who proved control of the account learns that it is held elsewhere, and not by whom; the
 * holder is named in an operator log line.
 */
public final class TwilioAccountRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioAccountRoutes.class);

  private final Pool pool;
  private final TwilioAccountStore store;
  private final AuditLog audit;
  private final TwilioAccounts credentials;
  private final TwilioOwnership ownership;

  /** @param credentials this process's credential cache, dropped for an account whose token changed (may be null) */
  public TwilioAccountRoutes(Pool pool, TwilioAccountStore store, AuditLog audit, TwilioAccounts credentials,
                             TwilioOwnership ownership) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.credentials = credentials;
    this.ownership = ownership;
  }

  public void bind(Operations ops) {
    ops.json("listTwilioAccounts", ctx -> store.list(pool, Caller.of(ctx).agencyId()).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(r -> data.add(store.toJson(r)));
      return new JsonObject().put("data", data).put("next_cursor", null);
    }));
    ops.created("createTwilioAccount", this::create);
    ops.json("updateTwilioAccount", this::update);
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Params.of(ctx).body();
    String sid = body.getString("account_sid");
    String token = body.getString("auth_token");
    return store.exists(pool, caller.agencyId(), sid)
        .compose(mine -> mine ? Future.failedFuture(alreadyRegistered()) : ownership.requireAccount(sid, token))
        .compose(proven -> pool.withTransaction(conn -> store.insert(conn, caller.agencyId(), sid, token)
            .compose(inserted -> inserted ? store.find(conn, caller.agencyId(), sid).map(Optional::get)
                : conflict(conn, caller, sid))
            .compose(created -> audit.record(conn, caller, "twilio_account.create", "twilio_account", sid,
                new JsonObject().put("auth_token", "(set)")).map(created))));
  }

  /** The insert found the SID taken: by the caller (a concurrent request) or, proven at Twilio, by another agency. */
  private Future<JsonObject> conflict(io.vertx.sqlclient.SqlConnection conn, Caller caller, String sid) {
    return store.holder(conn, sid).compose(holder -> {
      if (holder.isEmpty() || holder.get() == caller.agencyId()) {
        return Future.failedFuture(alreadyRegistered());
      }
      LOG.atWarn().addKeyValue("accountSid", sid).addKeyValue("requestingAgency", caller.agencyId())
          .addKeyValue("holdingAgency", holder.get())
          .log("Twilio account registration refused: the requester proved control at Twilio, another agency holds it");
      return Future.failedFuture(ApiProblem.conflict("account_registered_elsewhere",
          "This Twilio account is registered with another agency of this gateway; contact the operator to have it moved"));
    });
  }

  private static ApiProblem alreadyRegistered() {
    return ApiProblem.conflict("account_already_registered", "Your agency has already registered this Twilio account");
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    String sid = p.pathString("accountSid");
    JsonObject body = p.body();
    return pool.withTransaction(conn -> store.exists(conn, caller.agencyId(), sid)
            .compose(mine -> mine ? Future.succeededFuture() : Future.failedFuture(ApiProblem.notFound("twilio_account")))
            .compose(v -> body.containsKey("auth_token")
                ? store.rotate(conn, caller.agencyId(), sid, body.getString("auth_token")) : Future.succeededFuture())
            .compose(v -> body.getBoolean("finish_rotation", false)
                ? store.finishRotation(conn, caller.agencyId(), sid) : Future.succeededFuture())
            .compose(v -> audit.record(conn, caller, "twilio_account.update", "twilio_account", sid, changes(body)))
            .compose(v -> store.find(conn, caller.agencyId(), sid).map(Optional::get)))
        .onSuccess(v -> {
          if (credentials != null) {
            credentials.invalidate(sid);
          }
        });
  }

  private static JsonObject changes(JsonObject body) {
    JsonObject changes = new JsonObject();
    if (body.containsKey("auth_token")) {
      changes.put("auth_token", "(rotated)");
    }
    if (body.getBoolean("finish_rotation", false)) {
      changes.put("previous_auth_token", "(retired)");
    }
    return changes;
  }
}

package com.missedcall.admin.copy;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.copy.CallerKind;
import com.missedcall.recovery.copy.CopySlot;
import com.missedcall.recovery.copy.CopyTemplate;
import com.missedcall.recovery.copy.TemplateRejected;
import com.missedcall.recovery.hours.OpenState;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text-back copy of a workspace: a template per moment and caller kind with its live preview, the urgency
 * guidance of texts sent while closed, and a preview of any template for any slot. Templates are checked before
 * anything is written: 400 {@code unknown_template_variable} or {@code invalid_template}, naming the slot.
 */
public final class CopyRoutes {
  private final Pool pool;
  private final CopyStore store;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;
  private final EventBus bus;
  private final Clock clock;
  private final CopyView view;

  public CopyRoutes(Pool pool, CopyStore store, WorkspaceStore workspaces, AuditLog audit, EventBus bus, Clock clock,
                    String publicBaseUrl) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
    this.audit = audit;
    this.bus = bus;
    this.clock = clock;
    this.view = new CopyView(publicBaseUrl);
  }

  public void bind(Operations ops) {
    ops.json("getTextbackCopy", this::get);
    ops.json("setTextbackCopy", this::set);
    ops.json("previewTextbackCopy", this::preview);
  }

  private Future<Row> mine(SqlConnection conn, Caller caller, long id) {
    return store.find(conn, caller.agencyId(), id).map(found -> found.orElseThrow(() -> ApiProblem.notFound("workspace")));
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    return store.find(pool, caller.agencyId(), id)
        .map(found -> view.of(id, found.orElseThrow(() -> ApiProblem.notFound("workspace")), clock.instant()));
  }

  /** Every template sent, checked: slot key to its text (null: remove it, the slot falls back). */
  static Map<CopySlot, String> checkedTemplates(JsonObject templates) {
    Map<CopySlot, String> changes = new LinkedHashMap<>();
    if (templates == null) {
      return changes;
    }
    for (OpenState moment : OpenState.values()) {
      JsonObject byCaller = templates.getJsonObject(moment.code());
      if (byCaller == null) {
        continue;
      }
      for (CallerKind kind : CallerKind.values()) {
        if (!byCaller.containsKey(kind.code())) {
          continue;
        }
        CopySlot slot = new CopySlot(moment, kind);
        String text = byCaller.getString(kind.code());
        if (text == null && slot.equals(CopySlot.DEFAULT)) {
          throw ApiProblem.invalid("invalid_template", "open/first_time is the workspace's text-back and cannot be removed");
        }
        if (text != null) {
          try {
            CopyTemplate.parse(text);
          } catch (TemplateRejected e) {
            throw ApiProblem.invalid(e.code(), slot.key() + ": " + e.getMessage());
          }
        }
        changes.put(slot, text);
      }
    }
    return changes;
  }

  private Future<JsonObject> set(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    JsonObject body = Params.of(ctx).body();
    Map<CopySlot, String> changes;
    try {
      changes = checkedTemplates(body.getJsonObject("templates"));
    } catch (ApiProblem e) {
      return Future.failedFuture(e);
    }
    Boolean guidance = body.getBoolean("urgency_guidance");
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), id)
            .compose(locked -> locked ? mine(conn, caller, id) : Future.failedFuture(ApiProblem.notFound("workspace")))
            .compose(before -> {
              List<Future<Void>> writes = new ArrayList<>();
              JsonObject audited = new JsonObject();
              JsonObject own = CopyStore.slots(before);
              for (Map.Entry<CopySlot, String> change : changes.entrySet()) {
                CopySlot slot = change.getKey();
                String was = slot.equals(CopySlot.DEFAULT) ? before.getString("textback_template") : own.getString(slot.key());
                if (java.util.Objects.equals(was, change.getValue())) {
                  continue;
                }
                audited.put(slot.key(), new JsonObject().put("from", was).put("to", change.getValue()));
                writes.add(slot.equals(CopySlot.DEFAULT) ? store.saveDefault(conn, id, change.getValue())
                    : change.getValue() == null ? store.remove(conn, id, slot.moment().code(), slot.caller().code())
                    : store.save(conn, id, slot.moment().code(), slot.caller().code(), change.getValue()));
              }
              boolean guidanceWas = Boolean.TRUE.equals(before.getBoolean("textback_urgency_guidance"));
              if (guidance != null && guidance != guidanceWas) {
                audited.put("urgency_guidance", new JsonObject().put("from", guidanceWas).put("to", guidance));
                writes.add(store.urgencyGuidance(conn, id, guidance));
              }
              return sequence(writes)
                  .compose(v -> audited.isEmpty() ? Future.<Void>succeededFuture()
                      : audit.record(conn, caller, "workspace.textback_copy_update", "workspace", id, audited))
                  .compose(v -> mine(conn, caller, id));
            }))
        .map(after -> view.of(id, after, clock.instant()))
        .onSuccess(v -> bus.publish(Addresses.NUMBERS_CHANGED, "*"));
  }

  /** The statements of one transaction run one after the other on its connection. */
  private static Future<Void> sequence(List<Future<Void>> writes) {
    return Future.all(writes).mapEmpty();
  }

  private Future<JsonObject> preview(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    JsonObject body = Params.of(ctx).body();
    CopyTemplate template;
    try {
      template = CopyTemplate.parse(body.getString("template"));
    } catch (TemplateRejected e) {
      return Future.failedFuture(ApiProblem.invalid(e.code(), e.getMessage()));
    }
    CopySlot slot = CopySlot.of(body.getString("moment", "open"), body.getString("caller", "first_time"));
    return store.find(pool, caller.agencyId(), id).map(found -> {
      Row row = found.orElseThrow(() -> ApiProblem.notFound("workspace"));
      return view.preview(CopyView.copyOf(row), template, slot, body.getString("caller_first_name"), row,
          clock.instant());
    });
  }
}

package com.missedcall.admin.audit;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.Set;

/**
 * Owns the {@code audit_log} table: who (which key) changed what, written in the same transaction as
 * the change. Secrets never enter it: only the names of changed secret fields, and URLs without their
 * {@code user:password@}.
 */
public final class AuditLog {
  static final String INSERT = """
      INSERT INTO audit_log (agency_id, api_key_id, actor, action, target_type, target_id, changes)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";
  static final String LIST = """
      SELECT id, actor, action, target_type, target_id, changes, created_at
        FROM audit_log
       WHERE agency_id = $1 AND ($2::bigint IS NULL OR id < $2)
         AND ($3::text IS NULL OR target_type = $3) AND ($4::text IS NULL OR target_id = $4)
       ORDER BY id DESC
       LIMIT $5""";
  private static final Set<String> SECRET_FIELDS = Set.of("auth_token", "secret", "key");
  /** scheme:// then an authority part up to an '@' (the same pattern as migration V14's clean-up). */
  static final java.util.regex.Pattern USERINFO = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\s]*@");

  public Future<Void> record(SqlClient db, Caller caller, String action, String targetType, Object targetId,
                             JsonObject changes) {
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(caller.agencyId(), caller.keyId(), caller.actor(), action, targetType,
            targetId == null ? null : String.valueOf(targetId)).addValue(redact(changes)))
        .mapEmpty();
  }

  /** An entry in the agency's log written by someone who is not one of its keys (the platform operator). */
  public Future<Void> recordBy(SqlClient db, long agencyId, String actor, String action, String targetType,
                               Object targetId, JsonObject changes) {
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(agencyId, null, actor, action, targetType,
            targetId == null ? null : String.valueOf(targetId)).addValue(redact(changes)))
        .mapEmpty();
  }

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, Long beforeId, String targetType, String targetId,
                                  int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, beforeId, targetType, targetId, limit + 1));
  }

  public static JsonObject toJson(Row r) {
    return Json.row(r, "id", "actor", "action", "target_type", "target_id", "changes", "created_at");
  }

  /** {@code {field: {"from": old, "to": new}}} for every field of {@code after} whose value differs. */
  public static JsonObject diff(JsonObject before, JsonObject after, Iterable<String> fields) {
    JsonObject changes = new JsonObject();
    for (String field : fields) {
      Object from = before == null ? null : before.getValue(field);
      Object to = after.getValue(field);
      if (!Objects.equals(from, to)) {
        changes.put(field, new JsonObject().put("from", from).put("to", to));
      }
    }
    return changes;
  }

  static JsonObject redact(JsonObject changes) {
    JsonObject copy = changes == null ? new JsonObject() : changes.copy();
    for (String field : SECRET_FIELDS) {
      if (copy.containsKey(field)) {
        copy.put(field, "(changed)");
      }
    }
    return (JsonObject) withoutUserinfo(copy);
  }

  /** A URL's {@code user:password@} in any string, however deep, replaced by {@code ***@}. */
  private static Object withoutUserinfo(Object value) {
    if (value instanceof String s) {
      return USERINFO.matcher(s).replaceAll("$1***@");
    }
    if (value instanceof JsonObject o) {
      for (String field : o.fieldNames()) {
        o.put(field, withoutUserinfo(o.getValue(field)));
      }
      return o;
    }
    if (value instanceof io.vertx.core.json.JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, withoutUserinfo(a.getValue(i)));
      }
      return a;
    }
    return value;
  }
}

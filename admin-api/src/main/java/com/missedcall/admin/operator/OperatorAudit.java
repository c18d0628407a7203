package com.missedcall.admin.operator;

import com.missedcall.admin.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Owns the {@code operator_audit_log}: what operators did, in the change's transaction. A change to one agency's
 * things is also written to that agency's own audit log, so the agency sees what the operator changed.
 */
final class OperatorAudit {
  static final String INSERT = """
      INSERT INTO operator_audit_log (operator_key_id, actor, action, target_type, target_id, changes)
      VALUES ($1, $2, $3, $4, $5, $6)""";
  static final String LIST = """
      SELECT id, actor, action, target_type, target_id, changes, created_at
        FROM operator_audit_log
       WHERE ($1::bigint IS NULL OR id < $1)
       ORDER BY id DESC
       LIMIT $2""";

  private final AuditLog agencyLog;

  OperatorAudit(AuditLog agencyLog) {
    this.agencyLog = agencyLog;
  }

  /** {@code agencyId}: the agency whose log gets the entry too, or null for a platform-wide change. */
  Future<Void> record(SqlClient db, Operator operator, String action, String targetType, Object targetId,
                      JsonObject changes, Long agencyId) {
    String target = targetId == null ? null : String.valueOf(targetId);
    Future<Void> own = db.preparedQuery(INSERT)
        .execute(Tuple.of(operator.keyId(), operator.actor(), action, targetType, target, changes)).mapEmpty();
    return agencyId == null ? own
        : own.compose(v -> agencyLog.recordBy(db, agencyId, operator.actor(), action, targetType, targetId, changes));
  }

  Future<RowSet<Row>> list(SqlClient db, Long beforeId, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(beforeId, limit + 1));
  }
}

package com.missedcall.admin.notifications;

import com.missedcall.admin.http.Json;
import com.missedcall.admin.http.Patch;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns {@code notification_emails} (which types go to which address) for the admin API, and reads
 * {@code email_messages} (what was sent and how it went). Every statement names the agency.
 */
final class NotificationEmailStore {
  static final String LIST = """
      SELECT e.id, e.workspace_id, e.address, e.types, e.created_at
        FROM notification_emails e JOIN workspaces w ON w.id = e.workspace_id
       WHERE w.agency_id = $1 AND e.workspace_id = $2
       ORDER BY e.id""";
  static final String INSERT = """
      INSERT INTO notification_emails (workspace_id, address, types) VALUES ($1, lower($2), $3)
      ON CONFLICT (workspace_id, address) DO NOTHING
      RETURNING id, workspace_id, address, types, created_at""";
  static final String DELETE = """
      DELETE FROM notification_emails e USING workspaces w
       WHERE w.id = e.workspace_id AND w.agency_id = $1 AND e.id = $2
      RETURNING e.id, e.workspace_id, e.address, e.types, e.created_at""";
  static final String DELIVERIES = """
      SELECT m.id, m.workspace_id, m.to_address, m.type, m.lead_id, m.subject, m.status, m.attempts, m.last_error,
             m.sent_at, m.created_at, m.updated_at
        FROM email_messages m JOIN workspaces w ON w.id = m.workspace_id
       WHERE w.agency_id = $1 AND m.workspace_id = $2 AND ($3::text IS NULL OR m.status = $3)
         AND ($4::bigint IS NULL OR m.id < $4)
       ORDER BY m.id DESC
       LIMIT $5""";
  /** Each notification phone of the workspace once, and the number (with its account) texts to them go from. */
  static final String TEST_DESTINATIONS = """
      SELECT p.phone, n.phone_number, n.account_sid
        FROM (SELECT DISTINCT phone FROM notification_numbers WHERE workspace_id = $1) p
        JOIN LATERAL (SELECT phone_number, account_sid FROM tracked_numbers
                       WHERE workspace_id = $1 AND active ORDER BY id LIMIT 1) n ON true
       ORDER BY p.phone""";
  /** What a test notification says by SMS. */
  static String testText(String business) {
    return "Test notification from " + business + ": alerts and summaries will reach this number.";
  }
  static final String[] FIELDS = {"id", "workspace_id", "address", "types", "created_at"};
  static final String[] DELIVERY_FIELDS = {"id", "workspace_id", "to_address", "type", "lead_id", "subject", "status",
      "attempts", "last_error", "sent_at", "created_at", "updated_at"};

  Future<JsonArray> list(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(Json.row(r, FIELDS)));
      return out;
    });
  }

  /** Empty when the address is already set for the workspace. */
  Future<Optional<JsonObject>> insert(SqlClient db, long workspaceId, String address, JsonArray types) {
    return db.preparedQuery(INSERT).execute(Tuple.of(workspaceId, address, Patch.strings(types)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Json.row(rows.iterator().next(), FIELDS)));
  }

  Future<Optional<JsonObject>> delete(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(DELETE).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Json.row(rows.iterator().next(), FIELDS)));
  }

  Future<RowSet<Row>> deliveries(SqlClient db, long agencyId, long workspaceId, String status, Long beforeId,
                                 int limit) {
    return db.preparedQuery(DELIVERIES).execute(Tuple.of(agencyId, workspaceId, status, beforeId, limit + 1));
  }

  static JsonObject delivery(Row r) {
    return Json.row(r, DELIVERY_FIELDS);
  }

  /**
   * Queues the test text to every notification phone (kind {@code notification_test}, a text to the team); none
   * when the workspace has no phone or no active number to send from. Completes with the queued message ids.
   */
  public Future<List<Long>> testTexts(SqlClient db, long workspaceId, String business) {
    return db.preparedQuery(TEST_DESTINATIONS).execute(Tuple.of(workspaceId)).compose(rows -> {
      List<OutboundSms> texts = new ArrayList<>();
      for (Row r : rows) {
        texts.add(new OutboundSms(workspaceId, null, null, r.getString("account_sid"), r.getString("phone_number"),
            r.getString("phone"), "notification_test", testText(business), false));
      }
      return texts.isEmpty() ? Future.succeededFuture(List.<Long>of()) : SmsQueue.queueAll(db, texts);
    });
  }
}

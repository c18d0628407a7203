package com.missedcall.recovery.callback;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The SQL of {@code callback_requests}: a window a lead asked for is recorded once per lead and window, and the
 * {@code callback.requested} webhook queued in the same statement only when the row is new, so a retried job,
 * a replayed form or the same answer given twice never posts it twice.
 */
public final class CallbackStore {
  /** Where a window was captured. */
  public enum Source {
    INTAKE_PAGE("intake_page"), INTAKE_SCRIPT("intake_script"), AI_REPLY("ai");

    final String code;

    Source(String code) {
      this.code = code;
    }
  }

  static final String REQUEST = """
      WITH req AS (
        INSERT INTO callback_requests (workspace_id, lead_id, conversation_id, source, said, window_from, window_to)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (lead_id, window_from, window_to) DO NOTHING
        RETURNING id, workspace_id, lead_id, conversation_id, source, said, window_from, window_to)
      SELECT req.id, webhook_emit(req.workspace_id, 'callback.requested', jsonb_build_object(
               'callback_request_id', req.id, 'lead_id', req.lead_id, 'conversation_id', req.conversation_id,
               'caller', l.caller, 'source', req.source, 'said', req.said,
               'window', jsonb_build_object(
                 'from', to_char(req.window_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                 'to', to_char(req.window_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                 'from_local', to_char(req.window_from AT TIME ZONE w.timezone, 'YYYY-MM-DD"T"HH24:MI:SS'),
                 'to_local', to_char(req.window_to AT TIME ZONE w.timezone, 'YYYY-MM-DD"T"HH24:MI:SS'),
                 'timezone', w.timezone, 'words', $8::text),
               'need', l.need, 'address', l.address, 'urgency', l.urgency, 'first_name', l.first_name,
               'stage', l.stage)) IS NULL AS unused
        FROM req
        JOIN leads l ON l.id = req.lead_id
        JOIN workspaces w ON w.id = req.workspace_id""";
  static final String OF_LEAD = """
      SELECT l.callback_time, l.callback_from, l.callback_to, w.timezone
        FROM leads l JOIN workspaces w ON w.id = l.workspace_id
       WHERE l.id = $1""";

  /**
   * Records the window (nothing without one); true when it is new for this lead and its webhook was queued. Run
   * after the lead's facts are written, in the same transaction, so the event carries them.
   */
  public Future<Boolean> request(SqlClient db, long workspaceId, long leadId, Long conversationId, Source source,
                                 CallbackRequest request) {
    if (request.window() == null) {
      return Future.succeededFuture(false);
    }
    return db.preparedQuery(REQUEST).execute(Tuple.of(workspaceId, leadId, conversationId, source.code,
            request.said(), utc(request.window().from().toOffsetDateTime()), utc(request.window().to().toOffsetDateTime()),
            request.window().words()))
        .map(rows -> rows.size() > 0);
  }

  /** What the lead holds now (empty when it never said), its window in the workspace's zone. */
  public Future<Optional<CallbackRequest>> ofLead(SqlClient db, long leadId) {
    return db.preparedQuery(OF_LEAD).execute(Tuple.of(leadId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      OffsetDateTime from = r.getOffsetDateTime("callback_from");
      OffsetDateTime to = r.getOffsetDateTime("callback_to");
      String said = r.getString("callback_time");
      if (said == null && from == null) {
        return Optional.empty();
      }
      ZoneId zone = ZoneId.of(r.getString("timezone"));
      CallbackWindow window = from == null || to == null ? null
          : new CallbackWindow(from.atZoneSameInstant(zone), to.atZoneSameInstant(zone));
      return Optional.of(new CallbackRequest(said, window));
    });
  }

  private static OffsetDateTime utc(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC);
  }
}

package com.missedcall.recovery.calls;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cancels a lead's text-back while it waits out the workspace's send delay (issue #14, V55), when something staff
 * did made it redundant: the call keeps the reason, the text is never sent. An answered call and the caller's own
 * text cancel it in their decision's statement ({@code recovery_decide}, {@code inbound_sms_receive}); staff
 * actions call this in their own transaction. A text-back a sender has claimed already goes out: the row lock
 * decides, so it is cancelled or sent, never both.
 */
public final class TextBackCancel {
  static final String CANCEL = "SELECT message_id, call_id FROM textback_cancel($1, $2, $3)";
  private static final Set<DecisionReason> STAFF = Set.of(DecisionReason.CANCELLED_STAFF_MESSAGE,
      DecisionReason.CANCELLED_LEAD_HANDLED);

  private TextBackCancel() {}

  /** The calls whose text-backs were cancelled, on {@code conn} (the caller's transaction); often none. */
  public static Future<List<Long>> cancelOn(SqlClient conn, long workspaceId, long leadId, DecisionReason reason) {
    if (!STAFF.contains(reason)) {
      throw new IllegalArgumentException("not a staff cancellation: " + reason);
    }
    return conn.preparedQuery(CANCEL).execute(Tuple.of(workspaceId, leadId, reason.code())).map(rows -> {
      List<Long> calls = new ArrayList<>();
      for (Row r : rows) {
        calls.add(r.getLong("call_id"));
      }
      return calls;
    });
  }
}

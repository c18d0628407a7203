package com.missedcall.recovery.conversations;

import com.missedcall.recovery.callback.CallbackRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/** The SQL of a conversation's lead: what the caller told us, the lead's row lock, the line to text them on. */
public final class LeadFactsStore {
  static final String LEAD_FACTS = """
      UPDATE leads SET need = coalesce($2, need), address = coalesce($3, address), urgency = coalesce($4, urgency),
                       stage = CASE WHEN $5 AND stage IN ('new', 'engaged') THEN 'qualified' ELSE stage END,
                       callback_time = coalesce($6, callback_time),
                       callback_from = CASE WHEN $6::text IS NULL THEN callback_from ELSE $7 END,
                       callback_to = CASE WHEN $6::text IS NULL THEN callback_to ELSE $8 END,
                       updated_at = now()
       WHERE id = $1""";
  static final String LOCK_LEAD = "SELECT id FROM leads WHERE id = $1 FOR UPDATE";
  static final String LEAD_NUMBER = """
      SELECT l.caller, l.last_call_at, c.account_sid, c.business_number
        FROM leads l
        LEFT JOIN LATERAL (SELECT account_sid, business_number FROM conversations
                            WHERE lead_id = l.id ORDER BY id DESC LIMIT 1) c ON true
       WHERE l.id = $1 AND l.workspace_id = $2""";
  static final String FIRST_NUMBER = """
      SELECT account_sid, phone_number FROM tracked_numbers WHERE workspace_id = $1 AND active ORDER BY id LIMIT 1""";

  /**
   * Where to text a lead from: its caller, and the account and business number of its last conversation, else of
   * the workspace's first active number; both null when the workspace has none.
   */
  public record LeadLine(String caller, String accountSid, String businessNumber) {
    public boolean hasNumber() {
      return businessNumber != null;
    }
  }

  /** Records what the caller told us (a null fact keeps what the lead holds); {@code qualified} moves its stage. */
  public Future<Void> recordFacts(SqlClient conn, long leadId, String need, String address, String urgency,
                                  boolean qualified) {
    return recordFacts(conn, leadId, need, address, urgency, null, qualified);
  }

  /** As above, with when the caller would like a call back (null: they did not say; what the lead holds stays). */
  public Future<Void> recordFacts(SqlClient conn, long leadId, String need, String address, String urgency,
                                  CallbackRequest callback, boolean qualified) {
    return conn.preparedQuery(LEAD_FACTS).execute(Tuple.from(Arrays.asList(leadId, need, address, urgency,
        qualified, callback == null ? null : callback.said(), callback == null ? null : utc(callback.from()),
        callback == null ? null : utc(callback.to())))).mapEmpty();
  }

  /** Locks the lead's row (first in the lock order: lead, conversation, usage counters, jobs). */
  public Future<Void> lock(SqlClient conn, long leadId) {
    return conn.preparedQuery(LOCK_LEAD).execute(Tuple.of(leadId)).mapEmpty();
  }

  /** The line to text a lead of this workspace on; empty when the lead is not the workspace's. */
  public Future<Optional<LeadLine>> line(SqlClient conn, long workspaceId, long leadId) {
    return conn.preparedQuery(LEAD_NUMBER).execute(Tuple.of(leadId, workspaceId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Row lead = rows.iterator().next();
      if (lead.getString("business_number") != null) {
        return Future.succeededFuture(Optional.of(new LeadLine(lead.getString("caller"),
            lead.getString("account_sid"), lead.getString("business_number"))));
      }
      return conn.preparedQuery(FIRST_NUMBER).execute(Tuple.of(workspaceId)).map(numbers -> {
        if (numbers.size() == 0) {
          return Optional.of(new LeadLine(lead.getString("caller"), null, null));
        }
        Row first = numbers.iterator().next();
        return Optional.of(new LeadLine(lead.getString("caller"), first.getString("account_sid"),
            first.getString("phone_number")));
      });
    });
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }
}

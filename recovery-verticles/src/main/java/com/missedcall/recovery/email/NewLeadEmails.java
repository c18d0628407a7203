package com.missedcall.recovery.email;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The {@code new_lead} emails of a new lead. Its {@value #KIND} job is inserted by the trigger on leads in the
 * transaction that created the lead (R__new_lead_email.sql), only when the workspace has an address taking
 * {@code new_lead}; {@link EmailSender} (the email queue's worker, whose one claim query takes both kinds) writes
 * them here with {@link EmailTemplates#newLead} through {@link EmailOutbox}, in the transaction that finishes the
 * job: a job taken over by another worker rolls its emails back, so they are written once. A lead erased (or made
 * a test lead) meanwhile gets none.
 */
public final class NewLeadEmails {
  public static final String KIND = "new_lead_email";
  static final String LEAD = """
      SELECT l.caller, l.is_test, w.name AS business
        FROM leads l JOIN workspaces w ON w.id = l.workspace_id
       WHERE l.id = $1 AND l.workspace_id = $2""";

  private NewLeadEmails() {}

  /** Queues the emails of the job's lead on {@code conn} (none when it is gone or a test lead). */
  static Future<Void> write(SqlClient conn, long workspaceId, JsonObject payload) {
    long leadId = payload.getLong("lead_id");
    return conn.preparedQuery(LEAD).execute(Tuple.of(leadId, workspaceId)).compose(rows -> {
      Row lead = rows.size() == 0 ? null : rows.iterator().next();
      if (lead == null || lead.getBoolean("is_test")) {
        return Future.succeededFuture();
      }
      return EmailOutbox.queue(conn, workspaceId, "new_lead", leadId,
          EmailTemplates.newLead(lead.getString("business"), lead.getString("caller"), leadId)).mapEmpty();
    });
  }
}

package com.missedcall.recovery.email;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues notification emails in the caller's transaction: one {@code email_messages} row per address of the
 * workspace subscribed to the type, each sent by its own job of kind {@value #KIND} (retried with back-off, given
 * up visibly). The email exists exactly when the change it reports committed.
 */
public final class EmailOutbox {
  public static final String KIND = "email";
  /** The settings page's test goes to every address, whatever types it subscribed to. */
  public static final String TEST = "test";
  static final String QUEUE = """
      WITH d AS (
        SELECT address FROM notification_emails
         WHERE workspace_id = $1 AND ($2 = 'test' OR $2 = ANY (types))),
      e AS (
        INSERT INTO email_messages (workspace_id, to_address, type, lead_id, link_path, subject, text_body, html_body)
        SELECT $1, d.address, $2, $3, $4, $5, $6, $7 FROM d
        RETURNING id)
      INSERT INTO jobs (workspace_id, kind, payload)
      SELECT $1, 'email', jsonb_build_object('email_id', e.id) FROM e
      RETURNING id""";

  private EmailOutbox() {}

  /** Completes with the ids of the queued email jobs (none when no address takes this type). */
  public static Future<List<Long>> queue(SqlClient conn, long workspaceId, String type, Long leadId,
                                         EmailContent content) {
    return conn.preparedQuery(QUEUE)
        .execute(Tuple.of(workspaceId, type, leadId, content.linkPath(), content.subject(), content.text())
            .addValue(content.html()))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          for (Row r : rows) {
            ids.add(r.getLong("id"));
          }
          return ids;
        });
  }

  /** What a queued email job carries. */
  static long emailId(JsonObject payload) {
    return payload.getLong("email_id");
  }
}

package com.missedcall.admin.overview;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * How the intake page did over the overview's period: links sent (in text-backs and the intake script's first
 * replies), opened, submitted. Test callers' links (test-call mode) are left out, as in every report.
 */
public final class IntakeStats {
  static final String COUNTS = """
      SELECT count(*) AS sent, count(l.first_opened_at) AS opened, count(l.submitted_at) AS submitted
        FROM intake_links l JOIN workspaces w ON w.id = l.workspace_id
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR l.workspace_id = $2) AND l.created_at >= $3
         AND NOT EXISTS (SELECT 1 FROM leads t WHERE t.id = l.lead_id AND t.is_test)""";

  public Future<JsonObject> counts(SqlClient db, long agencyId, Long workspaceId, OffsetDateTime since) {
    return db.preparedQuery(COUNTS).execute(Tuple.of(agencyId, workspaceId, since)).map(rows -> {
      Row r = rows.iterator().next();
      return new JsonObject().put("sent", r.getLong("sent")).put("opened", r.getLong("opened"))
          .put("submitted", r.getLong("submitted"));
    });
  }
}

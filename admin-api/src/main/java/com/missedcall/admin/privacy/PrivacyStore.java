package com.missedcall.admin.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the privacy controls: erasing a caller (the work is {@code privacy_erase_caller()}, R__privacy_erase_caller.sql),
 * the workspaces an agency-wide erasure visits. The privacy key itself is never selected here.
 */
public final class PrivacyStore {
  static final String ERASE = "SELECT privacy_erase_caller($1, $2) AS result";
  static final String AGENCY_WORKSPACES = "SELECT id FROM workspaces WHERE agency_id = $1 ORDER BY id";

  /** Erases the caller from one workspace in the caller's transaction: {"number_hash", "erased": {what: rows}}. */
  public Future<JsonObject> erase(SqlClient db, long workspaceId, String phone) {
    return db.preparedQuery(ERASE).execute(Tuple.of(workspaceId, phone))
        .map(rows -> (JsonObject) rows.iterator().next().getValue("result"));
  }

  public Future<List<Long>> agencyWorkspaces(SqlClient db, long agencyId) {
    return db.preparedQuery(AGENCY_WORKSPACES).execute(Tuple.of(agencyId)).map(rows -> {
      List<Long> ids = new ArrayList<>();
      for (Row r : rows) {
        ids.add(r.getLong("id"));
      }
      return ids;
    });
  }
}

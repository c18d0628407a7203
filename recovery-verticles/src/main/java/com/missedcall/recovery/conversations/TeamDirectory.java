package com.missedcall.recovery.conversations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the business's own people: its notification numbers by kind, and the contact a HELP answer gives. */
public final class TeamDirectory {
  static final String NUMBERS = """
      SELECT kind, phone FROM notification_numbers WHERE workspace_id = $1 ORDER BY id""";
  static final String HELP_FACTS = """
      SELECT w.name, coalesce(w.contact_phone, (SELECT n.business_phone FROM tracked_numbers n
                                                 WHERE n.phone_number = $2 AND n.active)) AS contact_phone
        FROM workspaces w WHERE w.id = $1""";

  /** What a HELP answer tells the caller: the business's name and the number to reach it on. */
  public record HelpFacts(String business, String contactPhone) {}

  /** The workspace's notification numbers by kind ('alert', 'team', 'on_call', 'voice_alert'). */
  public Future<Map<String, List<String>>> numbers(SqlClient conn, long workspaceId) {
    return conn.preparedQuery(NUMBERS).execute(Tuple.of(workspaceId)).map(rows -> {
      Map<String, List<String>> byKind = new LinkedHashMap<>();
      for (Row r : rows) {
        byKind.computeIfAbsent(r.getString("kind"), k -> new ArrayList<>()).add(r.getString("phone"));
      }
      return byKind;
    });
  }

  /** The business name and the contact number (the workspace's, else the tracked number's business phone). */
  public Future<HelpFacts> helpFacts(SqlClient conn, long workspaceId, String businessNumber) {
    return conn.preparedQuery(HELP_FACTS).execute(Tuple.of(workspaceId, businessNumber)).map(rows -> {
      Row r = rows.iterator().next();
      return new HelpFacts(r.getString("name"), r.getString("contact_phone"));
    });
  }
}

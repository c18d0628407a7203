package com.missedcall.admin.intake;

import com.missedcall.recovery.intake.IntakeField;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code intake_settings}, always reached through the agency's workspace. */
public final class IntakePageStore {
  static final String FIND = """
      SELECT s.workspace_id IS NOT NULL AS configured, s.brand_color, s.fields, s.link_ttl_hours, s.updated_at
        FROM workspaces w LEFT JOIN intake_settings s ON s.workspace_id = w.id
       WHERE w.agency_id = $1 AND w.id = $2""";
  static final String UPSERT = """
      INSERT INTO intake_settings (workspace_id, brand_color, fields, link_ttl_hours) VALUES ($1, $2, $3, $4)
      ON CONFLICT (workspace_id) DO UPDATE SET brand_color = EXCLUDED.brand_color, fields = EXCLUDED.fields,
                                               link_ttl_hours = EXCLUDED.link_ttl_hours, updated_at = now()""";

  /** The settings as stored (the defaults when the workspace has no row), and when they last changed. */
  public record Stored(boolean configured, IntakePageSettings settings, OffsetDateTime updatedAt) {}

  /** Empty when the workspace is not the agency's (or does not exist). */
  public Future<Optional<Stored>> find(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      if (!row.getBoolean("configured")) {
        return Optional.of(new Stored(false, IntakePageSettings.DEFAULTS, null));
      }
      List<IntakeField> fields = new ArrayList<>();
      for (String code : row.getArrayOfStrings("fields")) {
        IntakeField.of(code).ifPresent(fields::add);
      }
      return Optional.of(new Stored(true, new IntakePageSettings(row.getString("brand_color"), List.copyOf(fields),
          row.getInteger("link_ttl_hours")), row.getOffsetDateTime("updated_at")));
    });
  }

  public Future<Void> save(SqlClient db, long workspaceId, IntakePageSettings settings) {
    return db.preparedQuery(UPSERT).execute(Tuple.of(workspaceId, settings.brandColor(), settings.fieldCodes(),
        settings.linkTtlHours())).mapEmpty();
  }
}

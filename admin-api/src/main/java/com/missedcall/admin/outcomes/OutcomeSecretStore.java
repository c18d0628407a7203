package com.missedcall.admin.outcomes;

import com.missedcall.recovery.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Owns {@code workspace_outcome_secrets}: the inbound outcome webhook's signing secret per workspace, sealed. */
public final class OutcomeSecretStore {
  static final String UPSERT = """
      INSERT INTO workspace_outcome_secrets (workspace_id, secret) VALUES ($1, $2)
      ON CONFLICT (workspace_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now()
      RETURNING created_at""";
  static final String FIND = "SELECT secret, created_at FROM workspace_outcome_secrets WHERE workspace_id = $1";

  private final SecretBox secrets;

  public OutcomeSecretStore(SecretBox secrets) {
    this.secrets = secrets;
  }

  /** The row identity a workspace's outcome secret is sealed to. */
  public static String identity(long workspaceId) {
    return SecretBox.workspaceOutcomes(workspaceId);
  }

  Future<Void> replace(SqlClient db, long workspaceId, String secret) {
    return db.preparedQuery(UPSERT).execute(Tuple.of(workspaceId, secrets.seal(secret, identity(workspaceId))))
        .mapEmpty();
  }

  /** The workspace's secret in plaintext, or empty when none was made (or it does not open). */
  Future<Optional<String>> find(SqlClient db, long workspaceId) {
    return db.preparedQuery(FIND).execute(Tuple.of(workspaceId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      try {
        return Optional.of(secrets.open(rows.iterator().next().getString("secret"), identity(workspaceId)));
      } catch (RuntimeException unreadable) {
        return Optional.empty();
      }
    });
  }
}

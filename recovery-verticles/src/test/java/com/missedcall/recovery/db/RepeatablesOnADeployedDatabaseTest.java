package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database deployed before the functions moved to repeatable migrations (its functions came from the V
 * files) takes the R__ files on its next start without error, ends with the same bodies, and its triggers,
 * bound to the functions it already had, keep firing.
 */
@ExtendWith(RealServersExtension.class)
class RepeatablesOnADeployedDatabaseTest {

  @Test
  void aDatabaseMigratedWithoutRepeatablesTakesThemAndItsTriggersKeepFiring(TestDatabase db) {
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    // an unknown repeatable prefix hides the R__ files: the schema as the versioned migrations alone leave it
    Migrations.configuration(url).repeatableSqlMigrationPrefix("NOT_YET_").load().migrate();
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version IS NULL")).isZero();
    long triggerFunction = db.queryLong("SELECT 'messages_stamp_sent'::regproc::oid::bigint");

    MigrateResult result = Migrations.configuration(url).load().migrate();

    assertThat(result.migrations).isNotEmpty().allSatisfy(m -> assertThat(m.version).isEmpty());
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version IS NULL AND success"))
        .isEqualTo(RepeatableFunctions.onClasspath().bodies().size());
    assertThat(db.queryLong("SELECT 'messages_stamp_sent'::regproc::oid::bigint")).isEqualTo(triggerFunction);
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Deployed') RETURNING id");
    long ws = db.queryLong("INSERT INTO workspaces (agency_id, name) VALUES (?, 'Deployed Plumbing') RETURNING id", agency);
    long message = db.queryLong("""
        INSERT INTO messages (workspace_id, direction, kind, from_number, to_number, body, status, message_sid)
        VALUES (?, 'outbound', 'manual', '+15550001111', '+15550002222', 'hi', 'queued', 'SMdeployed') RETURNING id""",
        ws);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE id = ? AND sent_at IS NOT NULL", message)).isOne();
  }
}

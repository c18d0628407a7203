package com.missedcall.recovery.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The erasure's catalogue, read from the migrated schema: every table whose rows point at a caller's lead,
 * conversation, voice call, intake link, call or text is handled by {@code privacy_erase_caller}. A table added
 * later with such a foreign key and left out would keep the caller's data, or make the erasure fail on the key.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyCatalogueTest {
  /** The caller's own rows: whatever references them holds something of the caller. */
  private static final List<String> CALLER_TABLES = List.of("leads", "conversations", "voice_calls", "intake_links",
      "calls", "messages");
  private TestDatabase db;

  @BeforeAll
  void migrate(TestDatabase db) {
    this.db = db;
    Migrations.configuration(DatabaseUrl.parse(db.url())).load().migrate();
  }

  @Test
  void everyTableReferencingACallersRowsIsHandledByTheErasure() throws SQLException {
    String erase = db.queryString("SELECT pg_get_functiondef('privacy_erase_caller(bigint, text)'::regprocedure)");
    List<String> referencing = new ArrayList<>();
    try (Connection c = db.connect(); var ps = c.prepareStatement("""
        SELECT DISTINCT conrelid::regclass::text FROM pg_constraint
         WHERE contype = 'f' AND confrelid::regclass::text = ANY (?)""")) {
      ps.setArray(1, c.createArrayOf("text", CALLER_TABLES.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          referencing.add(rs.getString(1));
        }
      }
    }

    assertThat(referencing).contains("messages", "voice_turns", "intake_submissions");
    assertThat(referencing).allSatisfy(table -> assertThat(erase).as("privacy_erase_caller handles " + table)
        .containsPattern("(FROM|UPDATE|INTO) " + table + "\\b"));
  }
}

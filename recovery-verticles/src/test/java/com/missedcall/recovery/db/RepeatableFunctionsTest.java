package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every SQL function of the schema has one current source: a repeatable migration {@code R__<name>.sql}
 * holding exactly the body the database runs. Versioned migrations keep their history (their checksums
 * must not change) but no longer define functions.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepeatableFunctionsTest {
  /** The last versioned migration that still defined functions; from the next one on, only R__ files do. */
  static final int LAST_VERSION_DEFINING_FUNCTIONS = 16;

  private static final RepeatableFunctions SCRIPTS = RepeatableFunctions.onClasspath();
  private TestDatabase db;

  @BeforeAll
  void migrate(TestDatabase db) {
    this.db = db;
    Migrations.configuration(DatabaseUrl.parse(db.url())).load().migrate();
  }

  @Test
  void eachRepeatableMigrationCreatesOneFunctionNamedLikeItsFile() {
    assertThat(SCRIPTS.createdByFile()).isNotEmpty();
    SCRIPTS.createdByFile().forEach((file, functions) ->
        assertThat(functions).as(file).containsExactly(file.substring("R__".length(), file.length() - ".sql".length())));
  }

  @Test
  void everyFunctionOfTheSchemaHasExactlyOneDefinitionAndOneRepeatableSource() throws SQLException {
    Map<String, Integer> overloads = new HashMap<>();
    functions().forEach(f -> overloads.merge(f.name(), 1, Integer::sum));

    assertThat(overloads).as("overloads per function").allSatisfy((name, count) -> assertThat(count).as(name).isOne());
    assertThat(overloads.keySet()).as("functions in the schema")
        .containsExactlyInAnyOrderElementsOf(SCRIPTS.createdByFile().values().stream().flatMap(List::stream).toList());
  }

  @Test
  void everyPlpgsqlFunctionRunsTheBodyOfItsRepeatableMigration() throws SQLException {
    List<SchemaFunction> functions = functions();
    assertThat(functions).extracting(SchemaFunction::language).contains("plpgsql");
    for (SchemaFunction f : functions) {
      String file = "R__" + f.name() + ".sql";
      assertThat(SCRIPTS.bodies()).as("a repeatable migration for %s", f.name()).containsKey(file);
      assertThat(f.source()).as("body of %s against %s", f.name(), file)
          .isEqualTo(RepeatableFunctions.dollarQuotedBody(SCRIPTS.bodies().get(file)));
    }
  }

  @Test
  void noVersionedMigrationAfterTheMoveDefinesAFunction() {
    SCRIPTS.versioned().forEach((version, text) -> {
      if (version > LAST_VERSION_DEFINING_FUNCTIONS) {
        assertThat(RepeatableFunctions.functionsCreatedIn(text))
            .as("V%d defines functions: put each in its R__<name>.sql instead", version).isEmpty();
      }
    });
  }

  @Test
  void theTriggersRunTheRepeatableFunctions() throws SQLException {
    assertThat(db.queryString("""
        SELECT string_agg(t.tgname || '->' || p.proname, ',' ORDER BY t.tgname)
          FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"""))
        .isEqualTo("messages_stamp_sent->messages_stamp_sent,new_lead_email->new_lead_email,"
            + "privacy_record_opt_out->privacy_record_opt_out,"
            + "webhook_on_inbound_message->webhook_on_inbound_message,"
            + "webhook_on_lead->webhook_on_lead,webhook_on_message_failed->webhook_on_message_failed");
  }

  /** Functions of the public schema that the project wrote (not an extension's). */
  private List<SchemaFunction> functions() throws SQLException {
    try (Connection c = db.connect(); var rs = c.createStatement().executeQuery("""
        SELECT p.proname, l.lanname, p.prosrc
          FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace
          JOIN pg_language l ON l.oid = p.prolang
         WHERE n.nspname = 'public'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                                       AND d.deptype = 'e')
         ORDER BY 1""")) {
      List<SchemaFunction> functions = new java.util.ArrayList<>();
      while (rs.next()) {
        functions.add(new SchemaFunction(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
      return functions;
    }
  }

  private record SchemaFunction(String name, String language, String source) {}
}

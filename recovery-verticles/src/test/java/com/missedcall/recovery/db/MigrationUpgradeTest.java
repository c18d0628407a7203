package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Versions are handed out in ranges to work landing side by side, so a release can bring a version lower than one a
 * database already has: the previous release shipped V67 while V50-V65 came after it. Such a database must upgrade
 * (Flyway's out-of-order mode applies the lower versions it never saw), not refuse to start.
 */
@ExtendWith(RealServersExtension.class)
class MigrationUpgradeTest {
  /** The versions the release before V50-V65 landed had applied: V1-V43 and V67. */
  private static final int LAST_BEFORE_THE_GAP = 43;
  private static final int SHIPPED_AFTER_THE_GAP = 67;
  private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.sql$");

  @Test
  void aDatabaseThatAlreadyHasAHigherVersionTakesTheLowerOnesItNeverSaw(TestDatabase db) throws Exception {
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    Path previousRelease = previousRelease();
    Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("filesystem:" + previousRelease).load().migrate();
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '67'")).isOne();
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '50'")).isZero();

    // in order only, as Flyway defaults: the database is refused and left as it was
    assertThatThrownBy(() -> Migrations.configuration(url).outOfOrder(false).load().migrate())
        .hasMessageContaining("50");
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '50'")).isZero();

    int applied = Migrations.configuration(url).load().migrate().migrationsExecuted;

    assertThat(applied).isPositive();
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '50' AND success")).isOne();
    assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'conversations' "
        + "AND column_name = 'followup_due_at'")).isOne();
    assertThat(db.queryLong("SELECT count(*) FROM pg_proc WHERE proname = 'recovery_decide'")).isOne();
    assertThat(Migrations.configuration(url).load().migrate().migrationsExecuted).isZero();
  }

  /** The versioned files of the release before the gap, copied apart (the same bytes: the same checksums). */
  private static Path previousRelease() throws IOException, URISyntaxException {
    Path current = Path.of(MigrationUpgradeTest.class.getClassLoader().getResource("db/migration").toURI());
    Path dir = Files.createTempDirectory("previous-release");
    try (Stream<Path> files = Files.list(current)) {
      List<Path> versioned = files.filter(p -> {
        Matcher m = VERSION.matcher(p.getFileName().toString());
        if (!m.matches()) {
          return false;
        }
        int v = Integer.parseInt(m.group(1));
        return v <= LAST_BEFORE_THE_GAP || v == SHIPPED_AFTER_THE_GAP;
      }).toList();
      for (Path p : versioned) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    return dir;
  }
}

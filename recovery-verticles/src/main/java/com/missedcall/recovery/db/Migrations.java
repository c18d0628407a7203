package com.missedcall.recovery.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations (plain SQL under {@code db/migration}) on a worker thread: versioned
 * {@code V<n>__} files for tables, indexes and data, then one repeatable {@code R__<function>.sql} per SQL
 * function (its one current source, re-applied whenever it changes).
 */
public final class Migrations {
  /** Where the migrations are, on the classpath. */
  public static final String LOCATION = "classpath:db/migration";
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * The one Flyway configuration of the project's schema, for tools and tests that migrate themselves. Out of order:
   * versions are handed out in ranges to work that lands side by side, so a release can bring a version below one a
   * database already has (V50-V65 came after V67); such a database applies the ones it never saw instead of refusing
   * to start. Each versioned migration therefore stands on the ones before its range, never on a later range.
   */
  public static FluentConfiguration configuration(DatabaseUrl db) {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations(LOCATION)
        .outOfOrder(true);
  }

  /** Blocking JDBC work, so it runs through {@code executeBlocking}; completes with the number applied. */
  public static Future<Integer> apply(Vertx vertx, DatabaseUrl db) {
    return vertx.executeBlocking(() -> {
      int applied = configuration(db).load().migrate().migrationsExecuted;
      LOG.atInfo().addKeyValue("applied", applied).addKeyValue("database", db).log("migrations applied");
      return applied;
    });
  }
}

package com.missedcall.recovery.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations (plain SQL under {@code db/migration}) on a worker thread. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Blocking JDBC work, so it runs through {@code executeBlocking}; completes with the number applied. */
  public static Future<Integer> apply(Vertx vertx, DatabaseUrl db) {
    return vertx.executeBlocking(() -> {
      Flyway flyway = Flyway.configure()
          .dataSource(db.jdbcUrl(), db.user(), db.password())
          .locations("classpath:db/migration")
          .load();
      int applied = flyway.migrate().migrationsExecuted;
      LOG.atInfo().addKeyValue("applied", applied).addKeyValue("database", db).log("migrations applied");
      return applied;
    });
  }
}

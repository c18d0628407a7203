package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
class MigrationsTest {

  @Test
  void migrationsApplyToAnEmptyDatabaseAndASecondRunAppliesNothing(TestDatabase db) {
    Vertx vertx = Vertx.vertx();
    try {
      DatabaseUrl url = DatabaseUrl.parse(db.url());

      int first = Migrations.apply(vertx, url).await();
      int second = Migrations.apply(vertx, url).await();

      assertThat(first).isGreaterThanOrEqualTo(2);
      assertThat(second).isZero();
      for (String table : new String[] {"agencies", "twilio_accounts", "plans", "workspaces", "tracked_numbers",
          "leads", "calls", "usage_counters", "opt_outs", "unreachable_numbers", "jobs", "messages", "privacy_keys",
          "opt_out_hashes", "workspace_retention", "retention_purges"}) {
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", table))
            .as("table %s", table).isEqualTo(1);
      }
      assertThat(db.queryLong("SELECT count(*) FROM pg_proc WHERE proname = 'recovery_decide'")).isEqualTo(1);
      for (String function : new String[] {"caller_opted_out", "privacy_erase_caller", "privacy_hmac"}) {
        assertThat(db.queryLong("SELECT count(*) FROM pg_proc WHERE proname = ?", function)).as("function %s", function)
            .isEqualTo(1);
      }
    } finally {
      vertx.close().await();
    }
  }
}

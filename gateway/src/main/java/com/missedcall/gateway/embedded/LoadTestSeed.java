package com.missedcall.gateway.embedded;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the tenants the load tests expect (LOAD_TEST_SEED_WORKSPACES > 0): one agency and Twilio
 * account, N workspaces on the pro plan with caps high enough not to interfere, each with a forwarding
 * number {@code +1555200NNNN} and a direct number {@code +1555300NNNN}. Created once; a restart finds
 * them and changes nothing.
 */
public final class LoadTestSeed {
  private static final Logger LOG = LoggerFactory.getLogger(LoadTestSeed.class);

  static final String SEED = """
      WITH a AS (
        INSERT INTO agencies (name) SELECT 'Load Test Agency'
         WHERE NOT EXISTS (SELECT 1 FROM twilio_accounts WHERE account_sid = $1)
        RETURNING id),
      t AS (
        INSERT INTO twilio_accounts (account_sid, agency_id, auth_token) SELECT $1, id, $2 FROM a RETURNING agency_id),
      w AS (
        INSERT INTO workspaces (agency_id, name, plan_code, daily_sms_cap, monthly_lead_cap, duplicate_window_seconds)
        SELECT t.agency_id, 'Load Test Business ' || i, 'pro', 100000000, 100000000, $4
          FROM t, generate_series(0, $3 - 1) AS i
        RETURNING id, substring(name FROM '[0-9]+$')::int AS i)
      INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode, business_phone)
      SELECT id, $1, '+1555200' || lpad(i::text, 4, '0'), 'forwarding', NULL FROM w
      UNION ALL
      SELECT id, $1, '+1555300' || lpad(i::text, 4, '0'), 'direct', '+1555999' || lpad(i::text, 4, '0') FROM w""";

  private LoadTestSeed() {}

  public static Future<Void> apply(Pool pool, String accountSid, String authToken, int workspaces, int windowSeconds) {
    return pool.withTransaction(conn -> conn.preparedQuery(SEED)
            .execute(Tuple.of(accountSid, authToken, workspaces, windowSeconds)))
        .map(rows -> {
          LOG.atInfo().addKeyValue("numbersCreated", rows.rowCount()).addKeyValue("workspaces", workspaces)
              .log("load-test tenants ready");
          return null;
        });
  }
}

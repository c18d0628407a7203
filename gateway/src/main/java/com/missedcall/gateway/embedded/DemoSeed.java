package com.missedcall.gateway.embedded;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One demo agency, workspace and two tracked numbers (one per routing mode) for the embedded default,
 * created once: a second start finds them and changes nothing.
 */
public final class DemoSeed {
  private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

  public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
  public static final String AUTH_TOKEN = "demo-auth-token-0000000000000001";
  public static final String FORWARDING_NUMBER = "+15005550100";
  public static final String DIRECT_NUMBER = "+15005550101";
  public static final String BUSINESS_PHONE = "+15005550199";

  static final String SEED = """
      WITH a AS (
        INSERT INTO agencies (name) SELECT 'Demo Agency'
         WHERE NOT EXISTS (SELECT 1 FROM twilio_accounts WHERE account_sid = $1)
        RETURNING id),
      t AS (
        INSERT INTO twilio_accounts (account_sid, agency_id, auth_token) SELECT $1, id, $2 FROM a RETURNING agency_id),
      w AS (
        INSERT INTO workspaces (agency_id, name, timezone, plan_code)
        SELECT agency_id, 'Joe''s Plumbing', 'America/New_York', 'pro' FROM t RETURNING id)
      INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode, business_phone)
      SELECT id, $1, $3, 'forwarding', NULL FROM w
      UNION ALL
      SELECT id, $1, $4, 'direct', $5 FROM w""";

  private DemoSeed() {}

  public static Future<Void> apply(Pool pool) {
    return pool.withTransaction(conn -> conn.preparedQuery(SEED)
            .execute(Tuple.of(ACCOUNT_SID, AUTH_TOKEN, FORWARDING_NUMBER, DIRECT_NUMBER, BUSINESS_PHONE)))
        .map(rows -> {
          LOG.atInfo().addKeyValue("created", rows.rowCount() > 0).log("demo data ready");
          return null;
        });
  }
}

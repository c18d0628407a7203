package com.missedcall.gateway.embedded;

import com.missedcall.admin.auth.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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

  static final String DEMO_KEY_NAME = "Demo key (printed at start-up)";
  /**
   * Keys are stored only as hashes, so the demo key cannot be printed again: each start revokes the
   * previous demo key and creates a fresh one. The demo agency may set plans, so every setting shows.
   */
  static final String DEMO_KEY = """
      WITH a AS (
        UPDATE agencies SET may_set_plans = true
         WHERE id = (SELECT agency_id FROM twilio_accounts WHERE account_sid = $1)
        RETURNING id),
      revoked AS (
        UPDATE api_keys SET revoked_at = now()
         WHERE agency_id = (SELECT id FROM a) AND name = $2 AND revoked_at IS NULL)
      INSERT INTO api_keys (agency_id, name, display_prefix, key_hash)
      SELECT id, $2, $3, $4 FROM a""";

  private DemoSeed() {}

  /** A fresh API key of the demo agency (the previous demo key is revoked), to print at start-up. */
  public static Future<String> apiKey(Pool pool) {
    ApiKeys.NewKey key = ApiKeys.generate();
    return pool.withTransaction(conn -> conn.preparedQuery(DEMO_KEY)
            .execute(Tuple.of(ACCOUNT_SID, DEMO_KEY_NAME, key.displayPrefix(), Buffer.buffer(key.hash()))))
        .map(rows -> rows.rowCount() > 0 ? key.key() : null);
  }

  public static Future<Void> apply(Pool pool) {
    return pool.withTransaction(conn -> conn.preparedQuery(SEED)
            .execute(Tuple.of(ACCOUNT_SID, AUTH_TOKEN, FORWARDING_NUMBER, DIRECT_NUMBER, BUSINESS_PHONE)))
        .map(rows -> {
          LOG.atInfo().addKeyValue("created", rows.rowCount() > 0).log("demo data ready");
          return null;
        });
  }
}

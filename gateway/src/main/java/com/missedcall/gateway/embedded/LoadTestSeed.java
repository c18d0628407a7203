package com.missedcall.gateway.embedded;

import com.missedcall.admin.auth.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the tenants the load tests expect (LOAD_TEST_SEED_WORKSPACES > 0): one agency and Twilio
 * account, N workspaces on the pro plan with caps high enough not to interfere, each with a forwarding
 * number {@code +1555200NNNN} and a direct number {@code +1555300NNNN}, and, when one is configured, the
 * agency's API key for the load tests' dashboard readers (stored hashed, like every key). Created once; a
 * restart finds them and changes nothing.
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

  static final String API_KEY = """
      INSERT INTO api_keys (agency_id, name, display_prefix, key_hash)
      SELECT agency_id, 'load test dashboard readers', $2, $3 FROM twilio_accounts WHERE account_sid = $1
      ON CONFLICT (key_hash) DO NOTHING""";

  private LoadTestSeed() {}

  /** {@code apiKey}: a well-formed key for the load-test agency, or null for none. */
  public static Future<Void> apply(Pool pool, com.missedcall.recovery.secrets.SecretBox secrets, String accountSid, String authToken, int workspaces, int windowSeconds,
                                   String apiKey) {
    return pool.withTransaction(conn -> conn.preparedQuery(SEED)
            .execute(Tuple.of(accountSid,
                secrets.seal(authToken, com.missedcall.recovery.secrets.SecretBox.twilioAccount(accountSid)), workspaces, windowSeconds))
            .compose(rows -> apiKey == null ? Future.succeededFuture(rows)
                : conn.preparedQuery(API_KEY).execute(Tuple.of(accountSid, ApiKeys.displayPrefix(apiKey),
                    Buffer.buffer(ApiKeys.hash(apiKey)))).map(rows)))
        .map(rows -> {
          LOG.atInfo().addKeyValue("numbersCreated", rows.rowCount()).addKeyValue("workspaces", workspaces)
              .addKeyValue("apiKey", apiKey == null ? "none" : ApiKeys.displayPrefix(apiKey) + "...")
              .log("load-test tenants ready");
          return null;
        });
  }
}

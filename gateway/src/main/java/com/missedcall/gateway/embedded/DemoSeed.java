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
 * created once: a second start finds them and changes nothing. The workspace gets a business profile (what
 * the AI and the intake script may tell callers) and team numbers (urgent alerts, lead summaries, on-call
 * escalation), so a caller's replies run the whole conversation loop on the simulator.
 */
public final class DemoSeed {
  private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

  public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
  public static final String AUTH_TOKEN = "demo-auth-token-0000000000000001";
  public static final String FORWARDING_NUMBER = "+15005550100";
  public static final String DIRECT_NUMBER = "+15005550101";
  public static final String BUSINESS_PHONE = "+15005550199";
  /** The owner's mobile: urgent (emergency) alerts and model-failure alerts. */
  public static final String ALERT_NUMBER = "+15005550110";
  /** The office: a summary of every lead whose intake completes. */
  public static final String TEAM_NUMBER = "+15005550111";
  /** Whoever is on call: an urgent lead nobody has answered yet. */
  public static final String ON_CALL_NUMBER = "+15005550112";

  static final String SEED = """
      WITH a AS (
        INSERT INTO agencies (name) SELECT 'Demo Agency'
         WHERE NOT EXISTS (SELECT 1 FROM twilio_accounts WHERE account_sid = $1)
        RETURNING id),
      t AS (
        INSERT INTO twilio_accounts (account_sid, agency_id, auth_token) SELECT $1, id, $2 FROM a RETURNING agency_id),
      w AS (
        INSERT INTO workspaces (agency_id, name, timezone, plan_code, voice_enabled)
        SELECT agency_id, 'Joe''s Plumbing', 'America/New_York', 'pro', true FROM t RETURNING id)
      INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode, business_phone)
      SELECT id, $1, $3, 'forwarding', NULL FROM w
      UNION ALL
      SELECT id, $1, $4, 'direct', $5 FROM w""";

  /**
   * The demo profile, given to the demo workspace while its profile was never filled in (a fresh seed, or
   * demo data from a version without profiles): never over what someone set since. The emergency words stay
   * the schema's default list.
   */
  static final String PROFILE = """
      WITH ws AS (
        UPDATE workspaces w
           SET services = $3, business_hours = $4, service_area = $5, booking_link = $6, contact_phone = $7,
               updated_at = now()
          FROM tracked_numbers t
         WHERE t.account_sid = $1 AND t.phone_number = $2 AND t.active AND t.workspace_id = w.id
           AND w.services = '' AND w.business_hours = '' AND w.service_area = '' AND w.booking_link IS NULL
           AND NOT EXISTS (SELECT 1 FROM notification_numbers n WHERE n.workspace_id = w.id)
        RETURNING w.id)
      INSERT INTO notification_numbers (workspace_id, phone, kind)
      SELECT ws.id, n.phone, n.kind
        FROM ws, (VALUES ($8::text, 'alert'), ($9::text, 'team'), ($10::text, 'on_call')) AS n (phone, kind)""";
  static final String SERVICES = "Leaks and burst pipes, drain cleaning, water heaters, toilets and faucets, "
      + "sewer lines, 24/7 emergency plumbing";
  static final String HOURS = "Mon-Fri 7am-6pm, Sat 8am-2pm, emergencies 24/7";
  static final String SERVICE_AREA = "Brooklyn, Queens and western Nassau County";
  static final String BOOKING_LINK = "https://joes-plumbing.example/book";

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

  public static Future<Void> apply(Pool pool, com.missedcall.recovery.secrets.SecretBox secrets) {
    return pool.withTransaction(conn -> conn.preparedQuery(SEED)
            .execute(Tuple.of(ACCOUNT_SID,
                secrets.seal(AUTH_TOKEN, com.missedcall.recovery.secrets.SecretBox.twilioAccount(ACCOUNT_SID)), FORWARDING_NUMBER, DIRECT_NUMBER, BUSINESS_PHONE))
            .compose(created -> conn.preparedQuery(PROFILE)
                .execute(Tuple.of(ACCOUNT_SID, FORWARDING_NUMBER, SERVICES, HOURS, SERVICE_AREA, BOOKING_LINK,
                    BUSINESS_PHONE, ALERT_NUMBER, TEAM_NUMBER, ON_CALL_NUMBER))
                .map(profiled -> new Seeded(created.rowCount() > 0, profiled.rowCount() > 0))))
        .map(seeded -> {
          LOG.atInfo().addKeyValue("created", seeded.created()).addKeyValue("profiled", seeded.profiled())
              .log("demo data ready");
          return null;
        });
  }

  private record Seeded(boolean created, boolean profiled) {}
}

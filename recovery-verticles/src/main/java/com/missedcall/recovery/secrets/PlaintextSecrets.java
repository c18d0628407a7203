package com.missedcall.recovery.secrets;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step after the migrations: checks the configured keys against the database (a key id
 * whose key differs from the one it sealed with, or a sealed value under a key id not configured, stops
 * the start with a message saying which), then seals every secret still in plaintext and reseals those
 * under a retired key. Idempotent and safe with several processes at once: every row is rewritten only
 * if it still holds the value read (compare-and-set), so two processes never seal over each other.
 */
public final class PlaintextSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(PlaintextSecrets.class);
  static final String CHECK_TEXT = "missed-call-gateway secret key check";

  static final String KEY_CHECKS = "SELECT key_id, check_value FROM secret_keys";
  static final String ADD_KEY_CHECK = "INSERT INTO secret_keys (key_id, check_value) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING";
  static final String KEY_IDS_IN_USE = """
      SELECT DISTINCT split_part(v, ':', 3) AS key_id FROM (
        SELECT auth_token AS v FROM twilio_accounts
        UNION ALL SELECT previous_auth_token FROM twilio_accounts
        UNION ALL SELECT secret FROM webhook_endpoints
        UNION ALL SELECT secret FROM workspace_outcome_secrets) s
       WHERE v LIKE 'enc:v1:%'""";
  static final String ACCOUNTS = """
      SELECT account_sid, auth_token, previous_auth_token FROM twilio_accounts
       WHERE auth_token NOT LIKE $1 OR previous_auth_token NOT LIKE $1""";
  static final String RESEAL_ACCOUNT = """
      UPDATE twilio_accounts SET auth_token = $4, previous_auth_token = $5
       WHERE account_sid = $1 AND auth_token = $2 AND previous_auth_token IS NOT DISTINCT FROM $3""";
  static final String ENDPOINTS = "SELECT id, secret FROM webhook_endpoints WHERE secret NOT LIKE $1";
  static final String RESEAL_ENDPOINT = "UPDATE webhook_endpoints SET secret = $3 WHERE id = $1 AND secret = $2";
  static final String OUTCOME_SECRETS = "SELECT workspace_id, secret FROM workspace_outcome_secrets WHERE secret NOT LIKE $1";
  static final String RESEAL_OUTCOME_SECRET = """
      UPDATE workspace_outcome_secrets SET secret = $3 WHERE workspace_id = $1 AND secret = $2""";

  private PlaintextSecrets() {}

  /** What the step did: values sealed now (plaintext before, or under a retired key). */
  public record Sealed(int accounts, int endpoints) {}

  /** Fails with {@link SecretUnreadable} when the keys do not match the database. */
  public static Future<Sealed> apply(Pool pool, SecretBox box) {
    return checkKeys(pool, box).compose(v -> sealAccounts(pool, box))
        .compose(accounts -> sealEndpoints(pool, box).map(endpoints -> new Sealed(accounts, endpoints)))
        .compose(sealed -> sealOutcomeSecrets(pool, box).map(sealed))
        .onSuccess(s -> LOG.atInfo().addKeyValue("accounts", s.accounts()).addKeyValue("webhookEndpoints", s.endpoints())
            .addKeyValue("keyId", box.keys().currentId()).log("secrets at rest sealed under the current key"));
  }

  static Future<Void> checkKeys(Pool pool, SecretBox box) {
    SecretKeys keys = box.keys();
    return pool.query(KEY_CHECKS).execute().compose(rows -> {
      List<String> problems = new ArrayList<>();
      for (Row r : rows) {
        String id = r.getString("key_id");
        if (keys.byId(id) == null) {
          continue; // a key once used; whether anything still needs it is the next check's question
        }
        try {
          if (!CHECK_TEXT.equals(box.open(r.getString("check_value"), "secret_keys/" + id))) {
            problems.add(id);
          }
        } catch (SecretUnreadable e) {
          problems.add(id);
        }
      }
      if (!problems.isEmpty()) {
        return Future.failedFuture(new SecretUnreadable("the key configured under id(s) " + problems
            + " is not the key this database's secrets were sealed with under that id: configure the key that"
            + " was used (SECRETS_KEY / SECRETS_OLD_KEYS), or give a new key a new SECRETS_KEY_ID"));
      }
      return pool.query(KEY_IDS_IN_USE).execute();
    }).compose(rows -> {
      Set<String> missing = new TreeSet<>();
      rows.forEach(r -> {
        if (keys.byId(r.getString("key_id")) == null) {
          missing.add(r.getString("key_id"));
        }
      });
      if (!missing.isEmpty()) {
        return Future.failedFuture(new SecretUnreadable("secrets in the database are sealed under key id(s) "
            + missing + ", which are not configured (known: " + keys.ids() + "): add them to SECRETS_OLD_KEYS"));
      }
      String id = keys.currentId();
      return pool.preparedQuery(ADD_KEY_CHECK).execute(Tuple.of(id, box.seal(CHECK_TEXT, "secret_keys/" + id))).mapEmpty();
    });
  }

  /**
   * One row that does not open (altered, or copied from another row) is that tenant's problem, not every
   * tenant's: it stays as it is, its look-ups fail, and the start goes on. The keys as a whole were checked.
   */
  private static void unreadable(SecretUnreadable e) {
    LOG.atError().addKeyValue("error", e.getMessage()).log("a secret at rest does not open: left as it is");
  }

  private static String current(SecretBox box) {
    return SecretBox.PREFIX + box.keys().currentId() + ":%";
  }

  private static Future<Integer> sealAccounts(Pool pool, SecretBox box) {
    return pool.preparedQuery(ACCOUNTS).execute(Tuple.of(current(box))).compose(rows -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (Row r : rows) {
        String sid = r.getString("account_sid");
        String token = r.getString("auth_token");
        String previous = r.getString("previous_auth_token");
        String aad = SecretBox.twilioAccount(sid);
        String sealedToken;
        String sealedPrevious;
        try {
          sealedToken = box.needsSealing(token) ? box.seal(box.open(token, aad), aad) : token;
          sealedPrevious = previous != null && box.needsSealing(previous) ? box.seal(box.open(previous, aad), aad) : previous;
        } catch (SecretUnreadable e) {
          unreadable(e);
          continue;
        }
        done = done.compose(n -> pool.preparedQuery(RESEAL_ACCOUNT)
            .execute(Tuple.of(sid, token, previous, sealedToken, sealedPrevious)).map(u -> n + u.rowCount()));
      }
      return done;
    });
  }

  /** The inbound outcome webhooks' secrets (always written sealed): resealed from a retired key. */
  private static Future<Integer> sealOutcomeSecrets(Pool pool, SecretBox box) {
    return pool.preparedQuery(OUTCOME_SECRETS).execute(Tuple.of(current(box))).compose(rows -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (Row r : rows) {
        long id = r.getLong("workspace_id");
        String secret = r.getString("secret");
        String aad = SecretBox.workspaceOutcomes(id);
        String sealed;
        try {
          sealed = box.seal(box.open(secret, aad), aad);
        } catch (SecretUnreadable e) {
          unreadable(e);
          continue;
        }
        done = done.compose(n -> pool.preparedQuery(RESEAL_OUTCOME_SECRET).execute(Tuple.of(id, secret, sealed))
            .map(u -> n + u.rowCount()));
      }
      return done;
    });
  }

  private static Future<Integer> sealEndpoints(Pool pool, SecretBox box) {
    return pool.preparedQuery(ENDPOINTS).execute(Tuple.of(current(box))).compose(rows -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (Row r : rows) {
        long id = r.getLong("id");
        String secret = r.getString("secret");
        String aad = SecretBox.webhookEndpoint(id);
        String sealed;
        try {
          sealed = box.seal(box.open(secret, aad), aad);
        } catch (SecretUnreadable e) {
          unreadable(e);
          continue;
        }
        done = done.compose(n -> pool.preparedQuery(RESEAL_ENDPOINT).execute(Tuple.of(id, secret, sealed))
            .map(u -> n + u.rowCount()));
      }
      return done;
    });
  }
}

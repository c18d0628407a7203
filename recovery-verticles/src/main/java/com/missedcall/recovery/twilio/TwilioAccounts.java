package com.missedcall.recovery.twilio;

import com.missedcall.recovery.cache.ExpiringCache;
import com.missedcall.recovery.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Twilio credentials by AccountSid, opened from their sealed form (see {@link SecretBox}) and cached
 * briefly in memory, owned by the {@code twilio_accounts} table. A token that does not open fails the
 * look-up with {@link com.missedcall.recovery.secrets.SecretUnreadable}.
 */
public final class TwilioAccounts {
  static final String FIND = """
      SELECT account_sid, auth_token, previous_auth_token FROM twilio_accounts WHERE account_sid = $1""";
  static final String ALL = """
      SELECT account_sid, auth_token, previous_auth_token FROM twilio_accounts ORDER BY account_sid""";

  private final Pool pool;
  private final SecretBox secrets;
  private final ExpiringCache<String, TwilioAccount> cache;

  public TwilioAccounts(Pool pool, SecretBox secrets, Duration ttl) {
    this.pool = pool;
    this.secrets = secrets;
    this.cache = new ExpiringCache<>(this::load, ttl, ttl);
  }

  /** The account with its tokens in plaintext (cached for the TTL). */
  public Future<Optional<TwilioAccount>> find(String accountSid) {
    return cache.get(accountSid);
  }

  /** Every account with its tokens in plaintext, uncached (e.g. for a job that visits each account). */
  public Future<List<TwilioAccount>> all() {
    return pool.query(ALL).execute().map(rows -> {
      List<TwilioAccount> accounts = new ArrayList<>(rows.size());
      rows.forEach(r -> accounts.add(toAccount(r)));
      return accounts;
    });
  }

  private Future<Optional<TwilioAccount>> load(String accountSid) {
    return pool.preparedQuery(FIND).execute(Tuple.of(accountSid))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toAccount(rows.iterator().next())));
  }

  public void invalidate(String accountSid) {
    cache.invalidate(accountSid);
  }

  /** A row holding {@code account_sid, auth_token, previous_auth_token}, opened. */
  public TwilioAccount toAccount(Row r) {
    String sid = r.getString("account_sid");
    String aad = SecretBox.twilioAccount(sid);
    return new TwilioAccount(sid, secrets.open(r.getString("auth_token"), aad),
        secrets.open(r.getString("previous_auth_token"), aad));
  }
}

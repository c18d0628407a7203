package com.missedcall.recovery.twilio;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;
import com.missedcall.recovery.cache.ExpiringCache;

/** Twilio credentials by AccountSid, cached briefly in memory, owned by the {@code twilio_accounts} table. */
public final class TwilioAccounts {
  static final String FIND = """
      SELECT account_sid, auth_token, previous_auth_token FROM twilio_accounts WHERE account_sid = $1""";

  private final Pool pool;
  private final ExpiringCache<String, TwilioAccount> cache;

  public TwilioAccounts(Pool pool, Duration ttl) {
    this.pool = pool;
    this.cache = new ExpiringCache<>(this::load, ttl, ttl);
  }

  public Future<Optional<TwilioAccount>> find(String accountSid) {
    return cache.get(accountSid);
  }

  private Future<Optional<TwilioAccount>> load(String accountSid) {
    return pool.preparedQuery(FIND).execute(Tuple.of(accountSid))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toAccount(rows.iterator().next())));
  }

  public void invalidate(String accountSid) {
    cache.invalidate(accountSid);
  }

  private static TwilioAccount toAccount(Row r) {
    return new TwilioAccount(r.getString("account_sid"), r.getString("auth_token"), r.getString("previous_auth_token"));
  }
}

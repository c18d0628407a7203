package com.missedcall.admin.accounts;

import com.missedcall.recovery.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Owns the {@code twilio_accounts} table for the admin API. Auth tokens go in sealed (see {@link SecretBox})
 * and are used by the gateway, but never come back out: answers show only their last four characters.
 */
public final class TwilioAccountStore {
  static final String SELECT = """
      SELECT a.account_sid, a.auth_token, a.previous_auth_token IS NOT NULL AS rotating, a.created_at,
             (SELECT count(*) FROM tracked_numbers n WHERE n.account_sid = a.account_sid AND n.active) AS active_numbers
        FROM twilio_accounts a
      """;
  static final String LIST = SELECT + " WHERE a.agency_id = $1 ORDER BY a.created_at, a.account_sid";
  static final String FIND = SELECT + " WHERE a.agency_id = $1 AND a.account_sid = $2";
  static final String EXISTS = "SELECT 1 FROM twilio_accounts WHERE agency_id = $1 AND account_sid = $2";
  static final String INSERT = """
      INSERT INTO twilio_accounts (account_sid, agency_id, auth_token) VALUES ($2, $1, $3)
      ON CONFLICT (account_sid) DO NOTHING""";
  /**
   * The old token stays valid for webhooks signed before the rotation reached Twilio. Sealed values never
   * compare equal (a fresh nonce each), so "same token again" is decided on the opened token, and the row
   * is changed only if it still holds the value that was opened.
   */
  static final String ROTATE = """
      UPDATE twilio_accounts SET previous_auth_token = auth_token, auth_token = $4
       WHERE agency_id = $1 AND account_sid = $2 AND auth_token = $3""";
  static final String FINISH_ROTATION = """
      UPDATE twilio_accounts SET previous_auth_token = NULL WHERE agency_id = $1 AND account_sid = $2""";
  static final String HOLDER = "SELECT agency_id FROM twilio_accounts WHERE account_sid = $1";
  static final String TOKEN = "SELECT auth_token FROM twilio_accounts WHERE agency_id = $1 AND account_sid = $2";

  private final SecretBox secrets;

  public TwilioAccountStore(SecretBox secrets) {
    this.secrets = secrets;
  }

  public Future<RowSet<Row>> list(SqlClient db, long agencyId) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId));
  }

  public Future<Optional<JsonObject>> find(SqlClient db, long agencyId, String sid) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, sid))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public Future<Boolean> exists(SqlClient db, long agencyId, String sid) {
    return db.preparedQuery(EXISTS).execute(Tuple.of(agencyId, sid)).map(rows -> rows.size() > 0);
  }

  /** False when the AccountSid is already registered (by anyone). */
  public Future<Boolean> insert(SqlClient db, long agencyId, String sid, String token) {
    return db.preparedQuery(INSERT).execute(Tuple.of(agencyId, sid, secrets.seal(token, SecretBox.twilioAccount(sid))))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The agency holding the SID, whoever it is: for resolving a conflict, never for an answer to the caller. */
  public Future<Optional<Long>> holder(SqlClient db, String sid) {
    return db.preparedQuery(HOLDER).execute(Tuple.of(sid))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("agency_id")));
  }

  public Future<Void> rotate(SqlClient db, long agencyId, String sid, String token) {
    return db.preparedQuery(TOKEN).execute(Tuple.of(agencyId, sid)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      String stored = rows.iterator().next().getString("auth_token");
      String aad = SecretBox.twilioAccount(sid);
      if (token.equals(secrets.open(stored, aad))) {
        return Future.succeededFuture();
      }
      return db.preparedQuery(ROTATE).execute(Tuple.of(agencyId, sid, stored, secrets.seal(token, aad))).mapEmpty();
    });
  }

  public Future<Void> finishRotation(SqlClient db, long agencyId, String sid) {
    return db.preparedQuery(FINISH_ROTATION).execute(Tuple.of(agencyId, sid)).mapEmpty();
  }

  /** The account's current auth token, to sign simulated webhooks in the demo. */
  public Future<Optional<String>> token(SqlClient db, long agencyId, String sid) {
    return db.preparedQuery(TOKEN).execute(Tuple.of(agencyId, sid))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(secrets.open(rows.iterator().next().getString("auth_token"), SecretBox.twilioAccount(sid))));
  }

  public JsonObject toJson(Row r) {
    String token = secrets.open(r.getString("auth_token"), SecretBox.twilioAccount(r.getString("account_sid")));
    return new JsonObject()
        .put("account_sid", r.getString("account_sid"))
        .put("auth_token_last4", token.length() <= 4 ? "****" : token.substring(token.length() - 4))
        .put("rotating", r.getBoolean("rotating"))
        .put("active_numbers", r.getLong("active_numbers"))
        .put("created_at", com.missedcall.admin.http.Json.timestamp(r.getOffsetDateTime("created_at")));
  }
}

package com.missedcall.recovery.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The opt-out ledger's hash (R__privacy_hmac.sql, R__privacy_number_hash.sql): an HMAC-SHA256 written in SQL on PostgreSQL's sha256(), the same
 * as the JDK's for every key length (shorter than, equal to and longer than SHA-256's 64-byte block); and opt-outs
 * reaching the ledger as hashes only.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyHashTest {
  private TestDatabase db;

  @BeforeAll
  void migrate(TestDatabase db) {
    this.db = db;
    Migrations.configuration(DatabaseUrl.parse(db.url())).load().migrate();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 32, 63, 64, 65, 200})
  void theSqlHmacIsTheJdksHmacSha256ForAKeyOfThisManyBytes(int keyBytes) throws GeneralSecurityException {
    byte[] key = new byte[keyBytes];
    ThreadLocalRandom.current().nextBytes(key);
    String message = "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    String actual = db.queryString("SELECT encode(privacy_hmac(decode(?, 'hex'), convert_to(?, 'UTF8')), 'hex')",
        HexFormat.of().formatHex(key), message);

    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"keyword", "twilio_21610"})
  void anOptOutFromThisSourceIsInTheLedgerAsTheNumbersHashAndNeverAsTheNumber(String source) {
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES ('Ledger agency') RETURNING id");
    long ws = db.queryLong("INSERT INTO workspaces (agency_id, name, timezone, plan_code) VALUES (?, 'Ledger ws', 'UTC',"
        + " 'starter') RETURNING id", agency);
    String phone = "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);

    db.execute("INSERT INTO opt_outs (workspace_id, phone, source) VALUES (" + ws + ", '" + phone + "', '" + source + "')");

    assertThat(db.queryString("SELECT source || '/' || encode(number_hash, 'hex') FROM opt_out_hashes WHERE workspace_id = ?",
        ws)).isEqualTo(source + "/" + db.queryString("SELECT encode(privacy_hmac(k.secret, convert_to(?, 'UTF8')), 'hex')"
            + " FROM privacy_keys k WHERE k.agency_id = ?", phone, agency));
    assertThat(db.queryString("SELECT row_to_json(h)::text FROM opt_out_hashes h WHERE workspace_id = ?", ws))
        .doesNotContain(phone.substring(2));
  }
}

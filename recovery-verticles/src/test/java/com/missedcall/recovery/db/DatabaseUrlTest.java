package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

  @Test
  void aFullUrlGivesHostPortDatabaseUserAndPassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:s3cret@db.example.com:6543/recovery");

    assertThat(url).isEqualTo(new DatabaseUrl("db.example.com", 6543, "recovery", "alice", "s3cret"));
  }

  @Test
  void aPercentEncodedPasswordIsDecoded() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:p%40ss%3Aw%2Frd%25@db.example.com/recovery");

    assertThat(url.password()).isEqualTo("p@ss:w/rd%");
  }

  @Test
  void aPlusInThePasswordStaysAPlus() {
    // userinfo is percent-encoded, not form-encoded: '+' is a literal plus, as libpq reads it
    DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:a+b@db.example.com/recovery");

    assertThat(url.password()).isEqualTo("a+b");
  }

  @Test
  void aPercentEncodedUserIsDecoded() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app%40tenant:pw@db.example.com/recovery");

    assertThat(url.user()).isEqualTo("app@tenant");
  }

  @Test
  void aUserWithoutPasswordHasAnEmptyPassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres@127.0.0.1:5432/t_example");

    assertThat(url).isEqualTo(new DatabaseUrl("127.0.0.1", 5432, "t_example", "postgres", ""));
  }

  @Test
  void thePortDefaultsTo5432() {
    assertThat(DatabaseUrl.parse("postgresql://alice:pw@db.example.com/recovery").port()).isEqualTo(5432);
  }

  @Test
  void theUserDefaultsToPostgres() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://db.example.com/recovery");

    assertThat(url.user()).isEqualTo("postgres");
    assertThat(url.password()).isEmpty();
  }

  @Test
  void theDatabaseDefaultsToTheUserName() {
    assertThat(DatabaseUrl.parse("postgresql://alice@db.example.com").database()).isEqualTo("alice");
  }

  @Test
  void aBareSlashAlsoDefaultsTheDatabaseToTheUserName() {
    assertThat(DatabaseUrl.parse("postgresql://alice@db.example.com:5433/").database()).isEqualTo("alice");
  }

  @Test
  void theShortPostgresSchemeIsAccepted() {
    assertThat(DatabaseUrl.parse("postgres://alice:pw@db.example.com:6543/recovery"))
        .isEqualTo(new DatabaseUrl("db.example.com", 6543, "recovery", "alice", "pw"));
  }

  @Test
  void aJdbcUrlIsAccepted() {
    assertThat(DatabaseUrl.parse("jdbc:postgresql://db.example.com:6543/recovery"))
        .isEqualTo(new DatabaseUrl("db.example.com", 6543, "recovery", "postgres", ""));
  }

  @Test
  void queryParametersAreNotPartOfTheDatabaseName() {
    assertThat(DatabaseUrl.parse("postgresql://alice@db.example.com/recovery?sslmode=require").database())
        .isEqualTo("recovery");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql://alice:pw@db.example.com/recovery", "redis://127.0.0.1:6379",
      "http://db.example.com/recovery", "jdbc:mysql://db.example.com/recovery", "postgresql:///recovery",
      "db.example.com:5432/recovery", "not a url", ""})
  void anythingButAPostgresUrlWithAHostIsRejected(String value) {
    assertThatThrownBy(() -> DatabaseUrl.parse(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theJdbcUrlCarriesNoCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:s3cret@db.example.com:6543/recovery");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/recovery");
  }

  @Test
  void toStringNeverShowsThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:s3cret@db.example.com:6543/recovery");

    assertThat(url.toString()).doesNotContain("s3cret").isEqualTo("postgresql://alice@db.example.com:6543/recovery");
  }

  @Test
  void theConnectOptionsCarryEveryPart() {
    PgConnectOptions options = DatabaseUrl.parse("postgresql://alice:s3cret@db.example.com:6543/recovery")
        .connectOptions();

    assertThat(options.getHost()).isEqualTo("db.example.com");
    assertThat(options.getPort()).isEqualTo(6543);
    assertThat(options.getDatabase()).isEqualTo("recovery");
    assertThat(options.getUser()).isEqualTo("alice");
    assertThat(options.getPassword()).isEqualTo("s3cret");
  }
}

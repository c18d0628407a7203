package com.missedcall.loadtests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Seeds the voice-recovery tenants of the bench's voice scenario ({@code voice-seed.sql}) into a database the
 * gateway already migrated and seeded with its load-test tenants.
 * <p>{@code java -cp load-tools.jar com.missedcall.loadtests.VoiceSeed JDBC_URL ACCOUNT_SID NUMBERS}
 */
public final class VoiceSeed {
  private VoiceSeed() {}

  public static void main(String[] args) throws SQLException, IOException {
    if (args.length != 3) {
      System.err.println("usage: VoiceSeed jdbc:postgresql://host:port/db?user=u ACCOUNT_SID NUMBERS");
      System.exit(2);
    }
    try (Connection c = DriverManager.getConnection(args[0])) {
      int created = apply(c, args[1], Integer.parseInt(args[2]));
      System.out.printf("[seed] voice numbers ready (%d created)%n", created);
    }
  }

  /** Creates what is missing of {@code numbers} voice workspaces for the account; returns the numbers created. */
  public static int apply(Connection c, String accountSid, int numbers) throws SQLException, IOException {
    if (!accountSid.matches("AC[0-9a-f]{32}") || numbers < 1 || numbers > 10_000) {
      throw new IllegalArgumentException("an account SID (AC + 32 hex) and 1..10000 numbers");
    }
    String sql;
    try (InputStream in = VoiceSeed.class.getResourceAsStream("/voice-seed.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${account}", accountSid).replace("${numbers}", Integer.toString(numbers));
    }
    try (Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    }
  }
}

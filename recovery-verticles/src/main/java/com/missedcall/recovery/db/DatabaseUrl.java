package com.missedcall.recovery.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL URL ({@code postgresql://user:password@host:port/database}) in the two forms we need:
 * Vert.x connect options for the non-blocking pool, and a JDBC URL for Flyway at start-up.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static DatabaseUrl parse(String url) {
    URI uri = URI.create(url.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://"));
    if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("expected postgresql://user:password@host:port/database");
    }
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    String path = uri.getPath();
    String database = path == null || path.length() <= 1 ? user : path.substring(1);
    return new DatabaseUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, database, user, password);
  }

  private static String decode(String s) {
    // userinfo is percent-encoded, not form-encoded: a '+' is a plus, as libpq reads it
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database)
        .setUser(user).setPassword(password).setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}

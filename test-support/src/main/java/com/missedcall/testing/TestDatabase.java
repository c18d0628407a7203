package com.missedcall.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A database of its own for one test class, on the real server chosen by {@link TestServers}. */
public record TestDatabase(String host, int port, String user, String name) {

  /** {@code postgresql://user@host:port/name}, the form the gateway's DATABASE_URL takes. */
  public String url() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + name;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  /** A plain JDBC connection for assertions from the test thread (never used by production code). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, "");
  }

  /** Runs a scalar query from the test thread, e.g. {@code count(*)}. */
  public long queryLong(String sql, Object... args) {
    try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }

  /** Runs a scalar text query from the test thread; null when no row. */
  public String queryString(String sql, Object... args) {
    try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (var rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }

  /** Runs statements from the test thread (for arranging what the product's own API cannot). */
  public void execute(String sql) {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("statement failed: " + sql, e);
    }
  }

  static TestDatabase create(ServerEndpoints servers, String name) {
    adminExecute(servers, "CREATE DATABASE " + name);
    return new TestDatabase(servers.pgHost(), servers.pgPort(), servers.pgUser(), name);
  }

  void drop(ServerEndpoints servers) {
    adminExecute(servers, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void adminExecute(ServerEndpoints servers, String sql) {
    String url = "jdbc:postgresql://" + servers.pgHost() + ":" + servers.pgPort() + "/" + servers.pgAdminDb();
    try (Connection c = DriverManager.getConnection(url, servers.pgUser(), "");
         Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run '" + sql + "' on " + url, e);
    }
  }
}

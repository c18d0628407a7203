package com.missedcall.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import redis.embedded.RedisServer;

/**
 * Chooses, once per test JVM, the real PostgreSQL and Redis servers the tests use:
 * the servers named by {@code TEST_DATABASE_URL} / {@code TEST_REDIS_URL} if set, else Testcontainers
 * where a Docker engine answers, else embedded servers started from binaries on Maven Central.
 */
public final class TestServers {
  private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);
  private static ServerEndpoints endpoints;

  private TestServers() {}

  public static synchronized ServerEndpoints endpoints() {
    if (endpoints == null) {
      endpoints = choose();
      LOG.info("test servers chosen {}", endpoints.describe());
      System.out.println("[test-servers] " + endpoints.describe());
    }
    return endpoints;
  }

  private static ServerEndpoints choose() {
    String pgUrl = setting("TEST_DATABASE_URL");
    String redisUrl = setting("TEST_REDIS_URL");
    if (pgUrl != null && redisUrl != null) {
      URI pg = URI.create(pgUrl.replaceFirst("^jdbc:", ""));
      URI redis = URI.create(redisUrl);
      String user = pg.getUserInfo() == null ? "postgres" : pg.getUserInfo().split(":")[0];
      String db = pg.getPath() == null || pg.getPath().length() <= 1 ? "postgres" : pg.getPath().substring(1);
      return new ServerEndpoints("environment", pg.getHost(), port(pg, 5432), user, db,
          redis.getHost(), port(redis, 6379));
    }
    if (dockerAvailable()) {
      return containers();
    }
    return embedded();
  }

  private static int port(URI uri, int fallback) {
    return uri.getPort() > 0 ? uri.getPort() : fallback;
  }

  private static String setting(String name) {
    String value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? null : value;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource")
  private static ServerEndpoints containers() {
    PostgreSQLContainer pg = new PostgreSQLContainer("postgres:16-alpine");
    pg.start();
    GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    redis.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      redis.stop();
      pg.stop();
    }));
    return new ServerEndpoints("testcontainers", pg.getHost(), pg.getMappedPort(5432), pg.getUsername(),
        pg.getDatabaseName(), redis.getHost(), redis.getMappedPort(6379));
  }

  private static ServerEndpoints embedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      int redisPort = freePort();
      RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort)
          .setting("save \"\"").setting("appendonly no").build();
      redis.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          redis.stop();
          pg.close();
        } catch (IOException e) {
          LOG.warn("embedded test servers did not stop cleanly", e);
        }
      }));
      return new ServerEndpoints("embedded", "127.0.0.1", pg.getPort(), "postgres", "postgres",
          "127.0.0.1", redisPort);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL/Redis for tests", e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package com.missedcall.gateway.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers started from binaries on Maven Central, with their data in a local
 * folder so a second start finds it again. Start-up work: it runs on the main thread, before Vert.x.
 */
public final class EmbeddedServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

  private EmbeddedPostgres postgres;
  private RedisServer redis;
  private String databaseUrl;
  private String redisUrl;

  public static EmbeddedServers start(Path dataDir, boolean withPostgres, boolean withRedis) {
    EmbeddedServers servers = new EmbeddedServers();
    try {
      if (withPostgres) {
        servers.startPostgres(dataDir.resolve("postgres"));
      }
      if (withRedis) {
        servers.startRedis(dataDir.resolve("redis"));
      }
      return servers;
    } catch (IOException | RuntimeException e) {
      servers.close();
      throw new IllegalStateException("could not start the embedded servers in " + dataDir.toAbsolutePath()
          + ": " + e.getMessage(), e);
    }
  }

  private void startPostgres(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        // no hook of its own: on SIGTERM the launcher stops it last, once the gateway has drained (a hook
        // would stop it at once, in parallel with the drain that still needs it)
        .setRegisterShutdownHook(false)
        .setPort(freePort())
        .start();
    databaseUrl = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
    LOG.atInfo().addKeyValue("port", postgres.getPort()).addKeyValue("dataDir", dir.toAbsolutePath())
        .log("embedded PostgreSQL started");
  }

  private void startRedis(Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = freePort();
    redis = RedisServer.newRedisServer()
        .bind("127.0.0.1")
        .port(port)
        .setting("dir " + dir.toAbsolutePath())
        .setting("appendonly yes")
        .setting("save \"\"")
        .onShutdownForceStop(false) // stopped by the launcher after the drain, like PostgreSQL
        .build();
    redis.start();
    redisUrl = "redis://127.0.0.1:" + port;
    LOG.atInfo().addKeyValue("port", port).addKeyValue("dataDir", dir.toAbsolutePath()).log("embedded Redis started");
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  public String redisUrl() {
    return redisUrl;
  }

  @Override
  public void close() {
    if (redis != null) {
      try {
        redis.stop();
        LOG.info("embedded Redis stopped");
      } catch (IOException e) {
        LOG.warn("embedded Redis did not stop cleanly", e);
      }
      redis = null;
    }
    if (postgres != null) {
      try {
        postgres.close();
        LOG.info("embedded PostgreSQL stopped");
      } catch (IOException e) {
        LOG.warn("embedded PostgreSQL did not stop cleanly", e);
      }
      postgres = null;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

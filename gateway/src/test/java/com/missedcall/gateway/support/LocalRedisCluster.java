package com.missedcall.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.testing.TestServers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Cluster on loopback: several {@code redis-server} processes in cluster mode (masters only,
 * no persistence) joined by {@code redis-cli --cluster create}. Uses the machine's Redis binaries (the
 * Debian {@code redis-server} package); without them it fails and says how to install them.
 */
public final class LocalRedisCluster implements AutoCloseable {
  public static final String INSTALL_HINT =
      "the Redis Cluster test needs the redis-server and redis-cli binaries on PATH "
          + "(Debian/Ubuntu: apt-get install -y redis-server)";

  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> nodes = new ArrayList<>();
  // if the test JVM is stopped before @AfterAll, the nodes must not outlive it
  private final Thread reaper = new Thread(() -> nodes.forEach(Process::destroyForcibly), "redis-cluster-reaper");

  private LocalRedisCluster(Path dir) {
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts {@code masters} nodes in {@code dir} and creates the cluster. If anything fails half way, the
   * nodes already started are stopped before the failure is raised.
   */
  public static LocalRedisCluster start(Path dir, int masters) {
    Path server = binary("redis-server");
    Path cli = binary("redis-cli");
    LocalRedisCluster cluster = new LocalRedisCluster(dir);
    try {
      for (int i = 0; i < masters; i++) {
        cluster.startNode(server, i);
      }
      for (int port : cluster.ports) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
            .until(() -> run(cli, "-p", String.valueOf(port), "ping").contains("PONG"));
      }
      List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
      cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
      create.add("--cluster-yes");
      String created = run(create);
      assertThat(created).as("redis-cli --cluster create said:%n%s", created).contains("[OK] All 16384 slots covered");
      for (int port : cluster.ports) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> run(cli, "-p", String.valueOf(port), "cluster", "info").contains("cluster_state:ok"));
      }
      return cluster;
    } catch (RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis://127.0.0.1:P1,redis://127.0.0.1:P2,...}, the REDIS_URL of a cluster. */
  public String redisUrl() {
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  public List<String> endpoints() {
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
  }

  /** Stops every node it started (SIGTERM, then SIGKILL) and waits for them to go. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the reaper runs anyway
    }
    nodes.forEach(Process::destroy);
    for (Process node : nodes) {
      try {
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
          node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        node.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void startNode(Path server, int index) {
    int port = TestServers.freePort();
    int busPort = TestServers.freePort();
    Path nodeDir = dir.resolve("node-" + index);
    try {
      Files.createDirectories(nodeDir);
      ProcessBuilder pb = new ProcessBuilder(server.toString(),
          "--bind", "127.0.0.1", "--port", String.valueOf(port),
          "--cluster-enabled", "yes", "--cluster-port", String.valueOf(busPort),
          "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
          "--cluster-node-timeout", "5000",
          "--dir", nodeDir.toString(),
          "--save", "", "--appendonly", "no", "--daemonize", "no");
      pb.redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile());
      nodes.add(pb.start());
      ports.add(port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + server + " on port " + port, e);
    }
  }

  private static Path binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator
        + "/usr/local/bin";
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not found: " + INSTALL_HINT));
  }

  private static String run(Path cli, String... args) {
    List<String> command = new ArrayList<>();
    command.add(cli.toString());
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}

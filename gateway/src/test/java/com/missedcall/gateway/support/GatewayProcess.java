package com.missedcall.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a JVM of its own, launched like the README's command ({@code com.missedcall.gateway.Main})
 * on the test class path, so SIGTERM, SIGKILL and several processes sharing PostgreSQL and Redis are
 * real. Small on purpose: the machines that run the tests have two cores.
 */
public final class GatewayProcess implements AutoCloseable {
  /** The job lease every launched process claims with. */
  public static final java.time.Duration JOB_LEASE = java.time.Duration.ofSeconds(2);

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private final Thread reaper;

  private GatewayProcess(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
    // if the test JVM is stopped before @AfterAll, the gateway must not outlive it
    this.reaper = new Thread(process::destroyForcibly, "gateway-reaper-" + name);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * The settings every process of a test shares: external servers only, the class's database and Redis
   * namespace, the test's Twilio simulator, one public URL (what Twilio signs) for all of them.
   */
  public static Map<String, String> sharedSettings(TestDatabase db, TestRedis redis, String twilioApiBaseUrl,
                                                   String publicBaseUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("EMBEDDED", "off");
    env.put("DATABASE_URL", db.url());
    env.put("SECRETS_KEY", GatewayUnderTest.TEST_SECRETS_KEY);
    env.put("SECRETS_KEY_ID", GatewayUnderTest.TEST_SECRETS_KEY_ID);
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_KEY_PREFIX", redis.keyPrefix());
    env.put("TWILIO_API_BASE_URL", twilioApiBaseUrl);
    env.put("PUBLIC_BASE_URL", publicBaseUrl);
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_INSTANCES", "1");
    env.put("DATABASE_POOL_SIZE", "8");
    env.put("REDIS_POOL_SIZE", "4");
    env.put("SWEEP_INTERVAL_MS", "200");
    env.put("JOB_LEASE_SECONDS", String.valueOf(JOB_LEASE.toSeconds()));
    // a lease must outlast a send, or a live worker's job is taken over while its text is still on the way
    env.put("TWILIO_TIMEOUT_MS", "1500");
    env.put("NUMBER_CACHE_TTL_SECONDS", "0");
    // a loaded 2-core machine must not turn slowness into 503s
    env.put("DECISION_TIMEOUT_MS", "10000");
    return env;
  }

  /** Starts {@code com.missedcall.gateway.Main} with these settings on a free port; output goes to a log file. */
  public static GatewayProcess launch(String name, Path dir, Map<String, String> settings) {
    int port = TestServers.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "com.missedcall.gateway.Main");
    pb.environment().putAll(settings);
    pb.environment().put("HTTP_PORT", String.valueOf(port));
    try {
      Path log = Files.createTempFile(dir, name + "-", ".log");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      return new GatewayProcess(name, pb.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not launch gateway " + name, e);
    }
  }

  /** Launches several processes at once and waits until every one is ready. */
  public static List<GatewayProcess> launchAll(Path dir, Map<String, String> settings, String... names) {
    List<GatewayProcess> all = java.util.Arrays.stream(names).map(n -> launch(n, dir, settings)).toList();
    all.forEach(GatewayProcess::awaitReady);
    return all;
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for {@code /health/ready} to answer 200; fails at once, naming the log, if the process died. */
  public GatewayProcess awaitReady() {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> !process.isAlive() || readiness() == 200);
    assertThat(process.isAlive()).as(() -> "gateway " + name + " died while starting:\n" + logTail(40)).isTrue();
    return this;
  }

  /** The status {@code /health/ready} answers, or -1 when nothing answers on the port. */
  public int readiness() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url("/health/ready"))).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGTERM, as Kubernetes or Ctrl-C would. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: no shutdown hook, no drain, sockets cut. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Whether the process ended within {@code limit}. */
  public boolean exitsWithin(Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines the process printed, for failure messages (the log file goes with the test's temp dir). */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Never leaves a JVM behind: SIGTERM, then SIGKILL if it does not go. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the reaper runs anyway
    }
    if (!process.isAlive()) {
      return;
    }
    terminate();
    if (!exitsWithin(Duration.ofSeconds(60))) {
      kill();
      exitsWithin(Duration.ofSeconds(10));
    }
  }

  @Override
  public String toString() {
    return name + " (port " + port + ", log " + log + ")";
  }
}

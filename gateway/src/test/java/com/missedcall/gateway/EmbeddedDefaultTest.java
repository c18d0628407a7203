package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.testing.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: no PostgreSQL, Redis or Twilio configured. The
 * launcher runs in its own JVM so SIGTERM and the embedded server processes are real.
 */
class EmbeddedDefaultTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MISSED_CALL = """
      {"url":"http://localhost:%d/twilio/voice/status","authToken":"demo-auth-token-0000000000000001",
       "params":{"AccountSid":"AC00000000000000000000000000000001","CallSid":"CA0000000000000000000000000000abcd",
                 "From":"+15557654321","To":"+15005550100","CallStatus":"completed","Direction":"inbound"}}""";

  private record Launched(Process process, Path log, int httpPort, int simulatorPort) {}

  @Test
  void theEmbeddedDefaultTextsBackStopsCleanlyAndKeepsItsDataForTheNextStart(@TempDir Path dir) throws Exception {
    Launched first = launch(dir);
    List<Integer> serverPorts;
    try {
      awaitReady(first);
      // like Twilio with connection overrides, retry until the gateway acknowledges (a cold JVM may answer 503 once)
      await().atMost(Duration.ofSeconds(30)).until(() -> post(first.simulatorPort(), "/_sim/webhooks",
          MISSED_CALL.formatted(first.httpPort())).contains("\"status\":204"));
      await().atMost(Duration.ofSeconds(20))
          .until(() -> get(first.simulatorPort(), "/_sim/messages").contains("+15557654321"));
      serverPorts = embeddedServerPorts(first.log());
      // the newcomer signs in to the dashboard with the demo key printed at start-up
      assertThat(Files.readString(first.log())).containsPattern("API key +mcr_live_[0-9A-Za-z]{32}");
    } finally {
      stop(first);
    }

    assertThat(serverPorts).hasSize(2).allSatisfy(port -> assertThat(listening(port)).isFalse());

    Launched second = launch(dir);
    try {
      awaitReady(second);
      String again = post(second.simulatorPort(), "/_sim/webhooks", MISSED_CALL.formatted(second.httpPort()));
      assertThat(again).contains("\"status\":204");
      assertThat(Files.readString(second.log())).contains("demo data ready created=false");
      assertThat(get(second.simulatorPort(), "/_sim/messages")).doesNotContain("+15557654321");
    } finally {
      stop(second);
    }
  }

  @Test
  void afterSigtermTheDrainStillHasItsDatabaseAndTheEmbeddedServersStopLast(@TempDir Path dir) throws Exception {
    // a quiet period of 5 s (a quarter of the grace): full service while load balancers notice
    Launched l = launch(dir, Map.of("SHUTDOWN_GRACE_SECONDS", "20"));
    String answer;
    try {
      awaitReady(l);
      await().atMost(Duration.ofSeconds(30)).until(() -> post(l.simulatorPort(), "/_sim/webhooks",
          MISSED_CALL.formatted(l.httpPort())).contains("\"status\":204"));
      l.process().destroy(); // SIGTERM
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(l.log()).contains("draining"));
      // a new missed call during the quiet period needs PostgreSQL: before, it was already gone (503)
      answer = post(l.simulatorPort(), "/_sim/webhooks", MISSED_CALL.replace("abcd", "abce").formatted(l.httpPort()));
    } finally {
      stop(l);
    }

    assertThat(answer).contains("\"status\":204");
    String log = Files.readString(l.log());
    assertThat(log).contains("workers stopped", "embedded PostgreSQL stopped", "embedded Redis stopped");
    assertThat(log.indexOf("embedded PostgreSQL stopped")).isGreaterThan(log.indexOf("workers stopped"));
    assertThat(log.indexOf("embedded Redis stopped")).isGreaterThan(log.indexOf("workers stopped"));
  }

  private static Launched launch(Path dir) throws IOException {
    return launch(dir, Map.of());
  }

  private static Launched launch(Path dir, Map<String, String> extra) throws IOException {
    int httpPort = TestServers.freePort();
    int simulatorPort = TestServers.freePort();
    Path log = Files.createTempFile(dir, "gateway", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "com.missedcall.gateway.Main");
    pb.environment().put("HTTP_PORT", String.valueOf(httpPort));
    pb.environment().put("SIMULATOR_PORT", String.valueOf(simulatorPort));
    pb.environment().put("DATA_DIR", dir.resolve("data").toString());
    pb.environment().putAll(extra);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return new Launched(pb.start(), log, httpPort, simulatorPort);
  }

  private static void awaitReady(Launched l) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> !l.process().isAlive() || status(l.httpPort(), "/health/ready") == 200);
    assertThat(l.process().isAlive()).as("gateway died: see %s", l.log()).isTrue();
  }

  private static void stop(Launched l) throws InterruptedException {
    l.process().destroy(); // SIGTERM, as Ctrl-C or Kubernetes would
    boolean exited = l.process().waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      l.process().destroyForcibly();
    }
    assertThat(exited).as("gateway exits after SIGTERM").isTrue();
  }

  private static List<Integer> embeddedServerPorts(Path log) throws IOException {
    Matcher m = Pattern.compile("embedded (?:PostgreSQL|Redis) started port=(\\d+)").matcher(Files.readString(log));
    List<Integer> ports = new java.util.ArrayList<>();
    while (m.find()) {
      ports.add(Integer.parseInt(m.group(1)));
    }
    return ports;
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int status(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String post(int port, String path, String json) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}

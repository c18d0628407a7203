package com.missedcall.gateway;

import com.missedcall.gateway.config.ConfigException;
import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.gateway.embedded.DemoSeed;
import com.missedcall.gateway.embedded.EmbeddedMail;
import com.missedcall.gateway.embedded.EmbeddedServers;
import java.util.concurrent.TimeUnit;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The launcher: validates the configuration (exit 2 with every problem listed), starts embedded
 * PostgreSQL/Redis/Twilio simulator for whatever is not configured, starts the gateway, and on
 * SIGTERM/Ctrl-C drains and stops everything it started, embedded servers included.
 * Runs on the main thread, never on an event loop, so it may wait for start and stop.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    GatewayConfig config;
    try {
      config = GatewayConfig.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    // the embedded default sends its notification emails to a real SMTP server of its own
    EmbeddedMail mail = config.mail().smtpUrl() == null && config.embeddedPostgres() ? EmbeddedMail.start() : null;
    if (mail != null) {
      config = config.withSmtp(mail.smtpUrl());
    }
    EmbeddedServers embedded = null;
    if (config.embeddedPostgres() || config.embeddedRedis()) {
      embedded = EmbeddedServers.start(config.dataDir(), config.embeddedPostgres(), config.embeddedRedis());
      config = withEmbedded(config, embedded);
    }
    EmbeddedServers servers = embedded;
    Gateway gateway;
    try {
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("gateway failed to start: " + e.getMessage());
      if (servers != null) {
        servers.close();
      }
      if (mail != null) {
        mail.close();
      }
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        gateway.stop().toCompletionStage().toCompletableFuture()
            .get(gateway.config().shutdownGrace().toSeconds() + 10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("gateway did not stop cleanly: " + e.getMessage());
      } finally {
        if (servers != null) {
          servers.close();
        }
        if (mail != null) {
          mail.close();
        }
      }
    }, "gateway-shutdown"));
    printBanner(gateway, servers, mail);
  }

  private static GatewayConfig withEmbedded(GatewayConfig c, EmbeddedServers e) {
    return c.withServers(c.embeddedPostgres() ? e.databaseUrl() : c.databaseUrl(),
        c.embeddedRedis() ? e.redisUrl() : c.redisUrl());
  }

  private static void printBanner(Gateway gateway, EmbeddedServers servers, EmbeddedMail mail) {
    GatewayConfig c = gateway.config();
    String base = "http://localhost:" + c.httpPort();
    StringBuilder out = new StringBuilder("\nMissed-call recovery gateway is up (roles: ")
        .append(c.roles()).append(")\n")
        .append("  health     ").append(base).append("/health/ready\n")
        .append("  metrics    ").append(base).append("/metrics\n")
        .append("  webhooks   ").append(c.publicBaseUrlOrLocal()).append("/twilio/voice/incoming (and /dial-action, /status)\n")
        .append("             ").append(c.publicBaseUrlOrLocal())
        .append("/twilio/sms/inbound (callers' texts; delivery reports: /twilio/messages/status)\n")
        .append("  dashboard  ").append(base).append("/\n")
        .append("  admin API  ").append(base).append("/api/v1  (contract: ").append(base).append("/api/v1/openapi.yaml)\n");
    if (gateway.demoApiKey() != null) {
      out.append("  API key    ").append(gateway.demoApiKey())
          .append("  (demo agency; sign in to the dashboard with it; a new one is printed at each start)\n");
    }
    if (gateway.simulator() != null) {
      out.append("  simulator  ").append(gateway.simulator().baseUrl()).append("  (fake Twilio; GET /_sim/messages)\n")
          .append("  demo       account ").append(DemoSeed.ACCOUNT_SID).append(", numbers ")
          .append(DemoSeed.FORWARDING_NUMBER).append(" (forwarding) and ").append(DemoSeed.DIRECT_NUMBER)
          .append(" (direct)\n")
          .append("  team       alerts ").append(DemoSeed.ALERT_NUMBER).append(", lead summaries ")
          .append(DemoSeed.TEAM_NUMBER).append(", on call ").append(DemoSeed.ON_CALL_NUMBER)
          .append(" (demo workspace; their texts show in /_sim/messages too)\n");
    }
    if (mail != null) {
      out.append("  mail       ").append(mail.smtpUrl()).append("  (embedded SMTP server; read what it received over IMAP")
          .append(" at 127.0.0.1:").append(mail.imapPort()).append(" with the address as user and password;")
          .append(" every email and its delivery status: Settings → Team alerts)\n");
    }
    if (servers != null) {
      out.append("  data       ").append(c.dataDir().toAbsolutePath()).append(" (embedded PostgreSQL and Redis)\n");
    }
    out.append("Press Ctrl-C to stop.\n");
    System.out.println(out);
  }
}

package com.missedcall.gateway.config;

import java.io.IOException;
import java.io.Reader;
import com.missedcall.recovery.voice.VoiceConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import com.missedcall.admin.webhooks.destination.AllowedNetworks;
import com.missedcall.recovery.secrets.SecretKeys;

/**
 * The gateway's whole configuration, built once at start-up from environment variables and an
 * optional properties file ({@code CONFIG_FILE}; environment variables win), and validated: every bad
 * value is reported at once with its variable's name and what is expected. Nothing else reads the
 * environment. Each variable is documented in the README.
 *
 * @param databaseUrl  null when the embedded PostgreSQL should be started
 * @param redisUrl     null when the embedded Redis should be started
 * @param twilioApiBaseUrl null when the embedded Twilio simulator should serve the API
 * @param publicBaseUrl null in embedded mode until the port is known (see {@link #publicBaseUrlOrLocal()})
 * @param secretKeys   the keys secrets at rest are sealed with; null with the embedded PostgreSQL and no
 *                     SECRETS_KEY, until the launcher loads (or makes) the key kept in DATA_DIR
 */
public record GatewayConfig(
    Set<Role> roles,
    String httpHost,
    int httpPort,
    int httpInstances,
    URI publicBaseUrl,
    Embedded embedded,
    Path dataDir,
    String databaseUrl,
    int databasePoolSize,
    String redisUrl,
    RedisMode redisMode,
    int redisPoolSize,
    String redisKeyPrefix,
    Duration redisTimeout,
    URI twilioApiBaseUrl,
    Duration twilioTimeout,
    int simulatorPort,
    boolean demoSeed,
    Duration decisionTimeout,
    Duration jobLease,
    Duration sweepInterval,
    int maxSendAttempts,
    Duration doneTtl,
    Duration numberCacheTtl,
    Duration shutdownGrace,
    LoadTestSeed loadTestSeed,
    Ai ai,
    VoiceConfig voice,
    Admin admin,
    Batching batching,
    Reconcile reconcile,
    SecretKeys secretKeys,
    Mail mail) {

  /**
   * Notification email: {@code smtpUrl} (null: with the embedded PostgreSQL an embedded SMTP server is started and
   * used; otherwise emails wait, queued, until one is configured) and the sender address. The URL's password is
   * never printed.
   */
  public record Mail(String smtpUrl, String from) {
    @Override
    public String toString() {
      return "Mail[smtpUrl=" + (smtpUrl == null ? "none" : smtpUrl.replaceAll("//[^@/]*@", "//***@")) + ", from="
          + from + "]";
    }
  }

  /**
   * The reconciler with Twilio (workers role): on or off, a pass every {@code interval} (jittered), over what
   * Twilio lists for the last {@code lookback}, leaving alone what ended less than {@code grace} ago.
   */
  public record Reconcile(boolean enabled, Duration interval, Duration lookback, Duration grace) {
    /** How long an account stays with one process that stopped renewing: three passes' worth. */
    public Duration lease() {
      return interval.multipliedBy(3);
    }
  }

  /**
   * Group commit of the missed-call decisions: at most {@code lanes} statements in flight, up to
   * {@code batchSize} webhooks per statement, and at most {@code queueLimit} webhooks waiting per lane
   * before further ones are shed with 503 (Twilio retries them); and shed too while this process's sender
   * owes more texts than it sends within {@code textbackBacklogTarget} (never fewer than
   * {@code textbackBacklogFloor}, never more than {@code textbackBacklogLimit}). {@code budgetQueueLimit}: how
   * much PostgreSQL work of each priority may wait for the process's database budget before more is shed.
   * {@code pendingCallDelay}: an incoming call is recorded 'pending' only if no final webhook decided it within
   * this, by a background statement the incoming webhook does not wait for (zero: recorded at once, before the
   * incoming webhook is answered).
   */
  public record Batching(int lanes, int batchSize, int queueLimit, int textbackBacklogLimit,
                         int textbackBacklogFloor, Duration textbackBacklogTarget, int budgetQueueLimit,
                         Duration pendingCallDelay) {}

  /**
   * Tenants for the load tests, seeded at start when {@code workspaces > 0}; {@code apiKey} (or null) lets the
   * dashboard readers in. The key is never printed.
   */
  public record LoadTestSeed(int workspaces, String accountSid, String authToken, int windowSeconds, String apiKey) {
    @Override
    public String toString() {
      return "LoadTestSeed[workspaces=" + workspaces + ", accountSid=" + accountSid + ", windowSeconds="
          + windowSeconds + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
  }

  /**
   * The AI replier: a global switch and an OpenAI-compatible chat-completions endpoint ({@code baseUrl}
   * null: the built-in intake script answers). The key is never printed.
   */
  public record Ai(boolean enabled, URI baseUrl, String model, String apiKey, Duration timeout, int maxRetries) {
    @Override
    public String toString() {
      return "Ai[enabled=" + enabled + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
          + (apiKey == null ? "none" : "***") + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "]";
    }
  }

  /**
   * The admin API: requests per API key per minute, outbound webhook timeout and attempts, the Twilio
   * simulator the dashboard's demo drives (null: the embedded simulator when there is one, else no demo),
   * and the non-public networks outbound webhooks may still reach (none by default); {@code operatorApiKey}
   * (or null) is the platform operator's first key, made usable at start. The key is never printed.
   */
  public record Admin(int rateLimitPerMinute, Duration webhookTimeout, int webhookMaxAttempts, URI demoSimulatorUrl,
                      AllowedNetworks webhookAllowedNetworks, String operatorApiKey) {
    @Override
    public String toString() {
      return "Admin[rateLimitPerMinute=" + rateLimitPerMinute + ", webhookTimeout=" + webhookTimeout
          + ", webhookMaxAttempts=" + webhookMaxAttempts + ", demoSimulatorUrl=" + demoSimulatorUrl
          + ", webhookAllowedNetworks=" + webhookAllowedNetworks + ", operatorApiKey="
          + (operatorApiKey == null ? "none" : "***") + "]";
    }
  }

  /** Whether missing PostgreSQL/Redis/Twilio settings start embedded stand-ins. */
  public enum Embedded { AUTO, OFF }

  public enum RedisMode { STANDALONE, CLUSTER }

  public boolean embeddedPostgres() {
    return databaseUrl == null;
  }

  public boolean embeddedRedis() {
    return redisUrl == null;
  }

  public boolean embeddedTwilio() {
    return twilioApiBaseUrl == null;
  }

  /** The same configuration pointing at these servers (the embedded ones, once started). */
  public GatewayConfig withServers(String databaseUrl, String redisUrl) {
    return new GatewayConfig(roles, httpHost, httpPort, httpInstances, publicBaseUrl, embedded, dataDir, databaseUrl,
        databasePoolSize, redisUrl, redisMode, redisPoolSize, redisKeyPrefix, redisTimeout, twilioApiBaseUrl,
        twilioTimeout, simulatorPort, demoSeed, decisionTimeout, jobLease, sweepInterval, maxSendAttempts, doneTtl,
        numberCacheTtl, shutdownGrace, loadTestSeed, ai, voice, admin, batching, reconcile, secretKeys,
        mail);
  }

  /** The same configuration sending email through {@code smtpUrl} (the embedded SMTP server, once started). */
  public GatewayConfig withSmtp(String smtpUrl) {
    return new GatewayConfig(roles, httpHost, httpPort, httpInstances, publicBaseUrl, embedded, dataDir, databaseUrl,
        databasePoolSize, redisUrl, redisMode, redisPoolSize, redisKeyPrefix, redisTimeout, twilioApiBaseUrl,
        twilioTimeout, simulatorPort, demoSeed, decisionTimeout, jobLease, sweepInterval, maxSendAttempts, doneTtl,
        numberCacheTtl, shutdownGrace, loadTestSeed, ai, voice, admin, batching, reconcile, secretKeys,
        new Mail(smtpUrl, mail.from()));
  }

  /** The same configuration with these secret keys (the embedded default's key file, once loaded). */
  public GatewayConfig withSecretKeys(SecretKeys keys) {
    return new GatewayConfig(roles, httpHost, httpPort, httpInstances, publicBaseUrl, embedded, dataDir, databaseUrl,
        databasePoolSize, redisUrl, redisMode, redisPoolSize, redisKeyPrefix, redisTimeout, twilioApiBaseUrl,
        twilioTimeout, simulatorPort, demoSeed, decisionTimeout, jobLease, sweepInterval, maxSendAttempts, doneTtl,
        numberCacheTtl, shutdownGrace, loadTestSeed, ai, voice, admin, batching, reconcile, keys, mail);
  }

  public URI publicBaseUrlOrLocal() {
    return publicBaseUrl != null ? publicBaseUrl : URI.create("http://localhost:" + httpPort);
  }

  /** Loads from the process environment (and CONFIG_FILE if it names one). */
  public static GatewayConfig fromEnvironment() {
    return load(System.getenv());
  }

  public static GatewayConfig load(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    String file = environment.get("CONFIG_FILE");
    if (file != null && !file.isBlank()) {
      try (Reader reader = Files.newBufferedReader(Path.of(file))) {
        Properties props = new Properties();
        props.load(reader);
        props.forEach((k, v) -> values.put(String.valueOf(k).trim(), String.valueOf(v)));
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(java.util.List.of("CONFIG_FILE=" + ConfigReader.quote(file)
            + " could not be read: " + e.getMessage()));
      }
    }
    values.putAll(environment);
    return build(new ConfigReader(values));
  }

  private static GatewayConfig build(ConfigReader r) {
    Set<Role> roles = r.parse("ROLE", EnumSet.allOf(Role.class), GatewayConfig::roles,
        "all, or a comma-separated list of ingress, workers, admin");
    Embedded embedded = r.parse("EMBEDDED", Embedded.AUTO, s -> Embedded.valueOf(s.toUpperCase(Locale.ROOT)),
        "auto or off");
    String databaseUrl = r.string("DATABASE_URL", null);
    if (databaseUrl != null) {
      r.parse("DATABASE_URL", null, com.missedcall.recovery.db.DatabaseUrl::parse,
          "postgresql://user:password@host:port/database");
    }
    String redisUrl = r.string("REDIS_URL", null);
    if (redisUrl != null) {
      r.parse("REDIS_URL", null, GatewayConfig::redisUrls, "redis://host:port (comma-separated for a cluster)");
    }
    URI twilioApi = r.url("TWILIO_API_BASE_URL", null, "https", "http");
    URI publicBase = r.url("PUBLIC_BASE_URL", null, "https", "http");
    if (embedded == Embedded.OFF) {
      if (databaseUrl == null) {
        r.problem("DATABASE_URL is required when EMBEDDED=off: expected postgresql://user:password@host:port/database");
      }
      if (redisUrl == null) {
        r.problem("REDIS_URL is required when EMBEDDED=off: expected redis://host:port");
      }
      if (twilioApi == null) {
        twilioApi = URI.create("https://api.twilio.com");
      }
      // ingress checks signatures against it; workers build the status-callback URLs they give Twilio from it
      if (publicBase == null && (roles.contains(Role.INGRESS) || roles.contains(Role.WORKERS))) {
        r.problem("PUBLIC_BASE_URL is required when EMBEDDED=off: expected the https URL Twilio reaches this gateway at");
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    GatewayConfig config = new GatewayConfig(
        roles,
        r.string("HTTP_HOST", "0.0.0.0"),
        r.integer("HTTP_PORT", 8080, 1, 65535),
        r.integer("HTTP_INSTANCES", cores, 1, 256),
        publicBase,
        embedded,
        Path.of(r.string("DATA_DIR", ".data")),
        databaseUrl,
        r.integer("DATABASE_POOL_SIZE", 16, 1, 500),
        redisUrl,
        r.parse("REDIS_MODE", RedisMode.STANDALONE, s -> RedisMode.valueOf(s.toUpperCase(Locale.ROOT)),
            "standalone or cluster"),
        r.integer("REDIS_POOL_SIZE", 16, 1, 500),
        r.string("REDIS_KEY_PREFIX", "rg:"),
        Duration.ofMillis(r.integer("REDIS_TIMEOUT_MS", 250, 10, 60_000)),
        twilioApi,
        Duration.ofMillis(r.integer("TWILIO_TIMEOUT_MS", 5_000, 100, 120_000)),
        r.integer("SIMULATOR_PORT", 4010, 0, 65535),
        r.bool("DEMO_SEED", databaseUrl == null),
        Duration.ofMillis(r.integer("DECISION_TIMEOUT_MS", 1_000, 50, 60_000)),
        Duration.ofSeconds(r.integer("JOB_LEASE_SECONDS", 30, 1, 3_600)),
        Duration.ofMillis(r.integer("SWEEP_INTERVAL_MS", 1_000, 10, 600_000)),
        r.integer("MAX_SEND_ATTEMPTS", 8, 1, 100),
        Duration.ofHours(r.integer("DONE_TTL_HOURS", 48, 1, 24 * 90)),
        Duration.ofSeconds(r.integer("NUMBER_CACHE_TTL_SECONDS", 30, 0, 86_400)),
        Duration.ofSeconds(r.integer("SHUTDOWN_GRACE_SECONDS", 20, 0, 600)),
        new LoadTestSeed(r.integer("LOAD_TEST_SEED_WORKSPACES", 0, 0, 10_000),
            r.parse("LOAD_TEST_ACCOUNT_SID", "AC00000000000000000000000000000b3c", s -> {
              if (!s.matches("^AC[0-9a-fA-F]{32}$")) {
                throw new IllegalArgumentException();
              }
              return s;
            }, "AC followed by 32 hex digits"),
            r.string("LOAD_TEST_AUTH_TOKEN", "bench-auth-token-000000000000000000"),
            r.integer("LOAD_TEST_WINDOW_SECONDS", 5, 0, 86_400),
            r.parse("LOAD_TEST_API_KEY", null, s -> {
              if (!com.missedcall.admin.auth.ApiKeys.wellFormed(s)) {
                throw new IllegalArgumentException();
              }
              return s;
            }, "mcr_live_ followed by 32 letters and digits")),
        new Ai(r.bool("AI_ENABLED", true),
            r.url("AI_BASE_URL", null, "https", "http"),
            r.string("AI_MODEL", "gpt-4o-mini"),
            r.string("AI_API_KEY", null),
            Duration.ofMillis(r.integer("AI_TIMEOUT_MS", 8_000, 100, 120_000)),
            r.integer("AI_MAX_RETRIES", 1, 0, 5)),
        new VoiceConfig(r.bool("VOICE_RECOVERY_ENABLED", true),
            Duration.ofMillis(r.integer("VOICE_MODEL_BUDGET_MS", 4_000, 100, 10_000)),
            r.integer("VOICE_GATHER_TIMEOUT_SECONDS", 5, 1, 30),
            r.parse("VOICE_SPEECH_TIMEOUT", "auto", s -> {
              if (!s.equals("auto") && !s.matches("[1-9]|[12][0-9]|30")) {
                throw new IllegalArgumentException();
              }
              return s;
            }, "auto or whole seconds from 1 to 30"),
            r.integer("VOICE_MAX_TURNS", 8, 2, 30)),
        new Admin(r.integer("ADMIN_RATE_LIMIT_PER_MINUTE", 600, 1, 1_000_000),
            Duration.ofMillis(r.integer("WEBHOOK_TIMEOUT_MS", 5_000, 100, 60_000)),
            r.integer("WEBHOOK_MAX_ATTEMPTS", 10, 1, 50),
            r.url("DEMO_SIMULATOR_URL", null, "http", "https"),
            webhookAllowedNetworks(r),
            r.parse("OPERATOR_API_KEY", null, s -> {
              if (!com.missedcall.admin.operator.OperatorKeys.wellFormed(s)) {
                throw new IllegalArgumentException();
              }
              return s;
            }, "mcr_op_ followed by 32 letters and digits")),
        new Batching(r.integer("DECISION_LANES", 4, 1, 64),
            r.integer("DECISION_BATCH_SIZE", 64, 1, 1_000),
            r.integer("DECISION_QUEUE_LIMIT", 64, 1, 100_000),
            r.integer("TEXTBACK_BACKLOG_LIMIT", 500, 1, 1_000_000),
            r.integer("TEXTBACK_BACKLOG_FLOOR", 50, 1, 1_000_000),
            Duration.ofMillis(r.integer("TEXTBACK_BACKLOG_TARGET_MS", 2_000, 100, 600_000)),
            r.integer("DB_BUDGET_QUEUE_LIMIT", 256, 0, 100_000),
            Duration.ofMillis(r.integer("PENDING_CALL_DELAY_MS", 30_000, 0, 600_000))),
        new Reconcile(r.bool("RECONCILE_ENABLED", true),
            Duration.ofMillis(r.integer("RECONCILE_INTERVAL_MS", 60_000, 100, 86_400_000)),
            Duration.ofSeconds(r.integer("RECONCILE_LOOKBACK_SECONDS", 900, 1, 7 * 86_400)),
            Duration.ofSeconds(r.integer("RECONCILE_GRACE_SECONDS", 30, 0, 3_600))),
        secretKeys(r, databaseUrl),
        new Mail(r.parse("SMTP_URL", null, u -> {
              com.missedcall.recovery.email.SmtpSettings.parse(u, "x@y", "");
              return u;
            }, "smtp://[user:password@]host[:port][?starttls=required|optional|disabled] or smtps://..."),
            r.string("SMTP_FROM", "Missed-call recovery <notifications@localhost>")));
    // a pass must look back over more than the time between passes, or calls between two passes are never seen
    Reconcile reconcile = config.reconcile();
    if (reconcile.enabled()
        && reconcile.lookback().compareTo(reconcile.interval().multipliedBy(2).plus(reconcile.grace())) <= 0) {
      r.problem("RECONCILE_LOOKBACK_SECONDS=" + reconcile.lookback().toSeconds() + " is not valid: expected more than "
          + "twice RECONCILE_INTERVAL_MS plus RECONCILE_GRACE_SECONDS ("
          + reconcile.interval().multipliedBy(2).plus(reconcile.grace()).toSeconds()
          + " s), so every call is listed by at least two passes after its grace");
    }
    // a lease shorter than a send could let a second worker take over a live send and text twice
    if (config.jobLease().compareTo(config.twilioTimeout()) <= 0) {
      r.problem("JOB_LEASE_SECONDS=" + config.jobLease().toSeconds() + " is not valid: expected more than "
          + "TWILIO_TIMEOUT_MS (" + config.twilioTimeout().toMillis() + " ms), so no worker takes over a send still running");
    }
    if (!r.problems().isEmpty()) {
      throw new ConfigException(r.problems());
    }
    return config;
  }

  /**
   * SECRETS_KEY (base64, 256 bits) under SECRETS_KEY_ID, plus SECRETS_OLD_KEYS ({@code id:base64,...}) still
   * accepted for opening. Required with an external PostgreSQL: a key made up per machine would leave each
   * replica unable to read the others' secrets, and a database without a key would hold them in plaintext.
   * Problems never quote the values.
   */
  private static SecretKeys secretKeys(ConfigReader r, String databaseUrl) {
    String key = r.string("SECRETS_KEY", null);
    String keyId = r.string("SECRETS_KEY_ID", "k1");
    String oldKeys = r.string("SECRETS_OLD_KEYS", null);
    if (key == null) {
      if (databaseUrl != null) {
        r.problem("SECRETS_KEY is required when DATABASE_URL is set: expected a base64 256-bit key (e.g. `openssl rand"
            + " -base64 32`) that every process of this database shares; it seals Twilio auth tokens and webhook secrets");
      }
      if (oldKeys != null) {
        r.problem("SECRETS_OLD_KEYS is set without SECRETS_KEY: expected SECRETS_KEY (the current key) too");
      }
      return null;
    }
    boolean valid = true;
    if (!SecretKeys.KEY_ID.matcher(keyId).matches()) {
      r.problem("SECRETS_KEY_ID is not valid: expected 1 to 32 letters, digits, - or _");
      valid = false;
    }
    byte[] current = null;
    try {
      current = SecretKeys.decode(key);
    } catch (IllegalArgumentException e) {
      r.problem("SECRETS_KEY is not valid: " + e.getMessage() + " (expected a base64 256-bit key, e.g. `openssl rand -base64 32`)");
      valid = false;
    }
    Map<String, byte[]> previous = new java.util.LinkedHashMap<>();
    if (oldKeys != null) {
      int n = 0;
      for (String entry : oldKeys.split(",")) {
        n++;
        String e = entry.trim();
        int colon = e.indexOf(':');
        String id = colon < 0 ? "" : e.substring(0, colon);
        if (colon < 0 || !SecretKeys.KEY_ID.matcher(id).matches()) {
          r.problem("SECRETS_OLD_KEYS entry " + n + " is not valid: expected id:base64 (id of 1 to 32 letters, digits, - or _)");
          valid = false;
          continue;
        }
        try {
          byte[] bytes = SecretKeys.decode(e.substring(colon + 1));
          if (id.equals(keyId) || previous.put(id, bytes) != null) {
            valid = false;
            r.problem("SECRETS_OLD_KEYS entry " + n + " is not valid: key id '" + id + "' is given twice");
          }
        } catch (IllegalArgumentException ex) {
          r.problem("SECRETS_OLD_KEYS entry " + n + " (key id '" + id + "') is not valid: " + ex.getMessage());
          valid = false;
        }
      }
    }
    if (!valid) {
      return null;
    }
    try {
      return SecretKeys.of(keyId, current, previous);
    } catch (IllegalArgumentException e) {
      r.problem("SECRETS_KEY is not valid: " + e.getMessage());
      return null;
    }
  }

  /** WEBHOOK_ALLOWED_NETWORKS: comma-separated CIDRs, each bad entry reported on its own. */
  private static AllowedNetworks webhookAllowedNetworks(ConfigReader r) {
    try {
      return AllowedNetworks.parse(r.string("WEBHOOK_ALLOWED_NETWORKS", null));
    } catch (AllowedNetworks.InvalidNetworks e) {
      for (String problem : e.problems()) {
        r.problem("WEBHOOK_ALLOWED_NETWORKS " + problem + ": expected comma-separated networks such as 10.0.0.0/8,"
            + " 192.168.1.20/32 or fd00::/8");
      }
      return AllowedNetworks.NONE;
    }
  }

  private static Set<Role> roles(String value) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : value.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.equals("all")) {
        roles.addAll(EnumSet.allOf(Role.class));
      } else {
        roles.add(Role.valueOf(p.toUpperCase(Locale.ROOT)));
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no role");
    }
    return roles;
  }

  /** The Redis endpoints named by REDIS_URL. */
  public static java.util.List<String> redisUrls(String value) {
    java.util.List<String> urls = new java.util.ArrayList<>();
    for (String part : value.split(",")) {
      URI uri = URI.create(part.trim());
      if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("not a redis URL");
      }
      urls.add(part.trim());
    }
    return urls;
  }
}

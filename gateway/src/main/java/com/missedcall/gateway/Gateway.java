package com.missedcall.gateway;

import com.missedcall.admin.AdminApi;
import com.missedcall.admin.AdminSettings;
import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.gateway.config.Role;
import com.missedcall.gateway.embedded.DemoSeed;
import com.missedcall.gateway.embedded.LoadTestSeed;
import com.missedcall.gateway.embedded.SecretKeyFile;
import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.recovery.secrets.PlaintextSecrets;
import com.missedcall.recovery.secrets.SecretBox;
import com.missedcall.recovery.secrets.SecretKeys;
import com.missedcall.twiliosim.SimulatorOptions;
import com.missedcall.twiliosim.TwilioSimulator;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway process: Vert.x with Micrometer metrics, migrations applied, the verticles of
 * its roles deployed. Stopping drains in order: readiness goes false, HTTP servers finish in-flight
 * requests, workers finish their sends, then connections close.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** How long connections get to close once the work is drained. */
  private static final Duration CLOSE_BUDGET = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final Components components;
  private final TwilioSimulator simulator;
  private final List<String> httpDeployments = new ArrayList<>();
  private final List<String> workerDeployments = new ArrayList<>();
  private AdminApi admin;
  private String demoApiKey;

  private Gateway(Vertx vertx, Components components, TwilioSimulator simulator) {
    this.vertx = vertx;
    this.components = components;
    this.simulator = simulator;
  }

  /**
   * Starts a gateway against the servers named in {@code config} ({@code databaseUrl} and {@code redisUrl}
   * must be set: the launcher fills them from the embedded servers when needed).
   */
  public static Future<Gateway> start(GatewayConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * As {@link #start(GatewayConfig)}, with the clock that decides quiet hours (tests stand in the middle of
   * the caller's night with it; everything else keeps the database's and the system's time).
   */
  public static Future<Gateway> start(GatewayConfig config, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    DatabaseUrl db = DatabaseUrl.parse(config.databaseUrl());
    Future<Gateway> started = startSimulator(vertx, config)
        .compose(simulator -> secretKeys(vertx, config).compose(keys -> Migrations.apply(vertx, db).compose(applied -> {
          SecretBox secrets = new SecretBox(keys);
          // Work on this pool waits in the DatabaseBudget, whose limit never exceeds the pool, so a wait for a
          // connection here means one is being opened (start-up, after a PostgreSQL restart): on a loaded machine
          // that takes more than a second, and a 1 s wait failed starts with "Timeout waiting for connection".
          Pool pool = postgresPool(vertx, db.connectOptions(), "postgres", config.databasePoolSize(), 10, 2);
          // the admin API and dashboard get their own few connections, and no query of theirs may run longer
          // than 10 s: readers can never starve the webhooks. A reader may wait longer for a connection.
          Pool adminPool = postgresPool(vertx, db.connectOptions().addProperty("statement_timeout", "10000"),
              "postgres-admin", Math.max(2, config.databasePoolSize() / 4), 5, 16);
          String twilioBase = simulator != null ? simulator.baseUrl() : config.twilioApiBaseUrl().toString();
          Components components = Components.build(vertx, config, registry, pool, adminPool, redis(vertx, config),
              twilioBase, secrets,
              clock);
          Gateway gateway = new Gateway(vertx, components, simulator);
          GatewayConfig.LoadTestSeed load = config.loadTestSeed();
          // a key that does not match the database stops the start here, before anything is served
          Future<Void> sealed = PlaintextSecrets.apply(pool, secrets).<Void>mapEmpty()
              .onSuccess(v -> components.readiness().migrated())
              .recover(err -> components.close().transform(ar -> Future.failedFuture(err)));
          Future<Void> seeded = sealed
              .compose(v -> config.demoSeed() ? DemoSeed.apply(pool, secrets) : Future.<Void>succeededFuture())
              .compose(v -> load.workspaces() > 0
                  ? LoadTestSeed.apply(pool, secrets, load.accountSid(), load.authToken(), load.workspaces(),
                      load.windowSeconds(), load.apiKey())
                  : Future.succeededFuture())
              .compose(v -> config.admin().operatorApiKey() != null
                  ? com.missedcall.admin.operator.OperatorApi.bootstrap(pool, config.admin().operatorApiKey())
                  : Future.<Void>succeededFuture());
          return seeded.compose(v -> gateway.loadAdmin(secrets)).compose(v -> gateway.deploy()).map(gateway);
        })));
    // The answer is completed outside any context: a failed start closes Vert.x, and a step chained on an
    // event loop after that would be delivered to a closed event loop, so the caller would wait forever
    // instead of hearing why the start failed.
    Promise<Gateway> answer = Promise.promise();
    started.onComplete(ar -> {
      if (ar.succeeded()) {
        answer.complete(ar.result());
      } else {
        within(vertx.close(), CLOSE_BUDGET).onComplete(closed -> answer.fail(ar.cause()));
      }
    });
    return answer.future();
  }

  /** The configured keys, or the embedded default's key file in DATA_DIR (made at the first start). */
  private static Future<SecretKeys> secretKeys(Vertx vertx, GatewayConfig config) {
    return config.secretKeys() != null ? Future.succeededFuture(config.secretKeys())
        : vertx.executeBlocking(() -> SecretKeyFile.loadOrCreate(config.dataDir()));
  }

  private static Pool postgresPool(Vertx vertx, PgConnectOptions connect, String name, int size,
                                   int connectionWaitSeconds, int waitersPerConnection) {
    return PgBuilder.pool()
        // a stable name for the pool_name label of vertx_pool_* (waits, in use)
        .with(new PoolOptions().setName(name).setMaxSize(size)
            // bounded from the pool's size: the main pool's work waits in the DatabaseBudget (whose limit never
            // exceeds the pool), so only the few unbudgeted callers (readiness, start-up seeding) ever wait there;
            // dashboard readers wait on their own pool, a few per connection, then get a 503
            .setMaxWaitQueueSize(Math.max(8, size * waitersPerConnection)).setConnectionTimeout(connectionWaitSeconds)
            .setConnectionTimeoutUnit(TimeUnit.SECONDS))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  private static Future<TwilioSimulator> startSimulator(Vertx vertx, GatewayConfig config) {
    if (!config.embeddedTwilio()) {
      return Future.succeededFuture(null);
    }
    return TwilioSimulator.start(vertx, new SimulatorOptions().port(config.simulatorPort()).autoStatusCallbacks(true))
        .map(sim -> {
          // the demo numbers' Voice URLs point here, and any phone counts as verified, so "Place a test call" rings
          // the demo number from the registered test phone
          String base = config.publicBaseUrlOrLocal().toString().replaceAll("/$", "");
          for (String number : new String[] {DemoSeed.FORWARDING_NUMBER, DemoSeed.DIRECT_NUMBER}) {
            sim.routeNumber(number, base + "/twilio/voice/incoming", base + "/twilio/voice/status");
          }
          return sim.addAccount(DemoSeed.ACCOUNT_SID, DemoSeed.AUTH_TOKEN).verifyAllCallerIds();
        });
  }

  private static Redis redis(Vertx vertx, GatewayConfig config) {
    RedisOptions options = new RedisOptions()
        .setPoolName("redis") // pool_name of vertx_pool_*: otherwise a random UUID, new series at every start
        .setMaxPoolSize(config.redisPoolSize())
        .setMaxPoolWaiting(10_000)
        .setMaxWaitingHandlers(10_000);
    List<String> urls = GatewayConfig.redisUrls(config.redisUrl());
    if (config.redisMode() == GatewayConfig.RedisMode.CLUSTER) {
      options.setType(RedisClientType.CLUSTER).setEndpoints(urls);
    } else {
      options.setConnectionString(urls.get(0));
    }
    return Redis.createClient(vertx, options);
  }

  private Future<Void> deploy() {
    GatewayConfig config = components.config();
    Future<Void> http = vertx.deployVerticle(
            () -> new HttpVerticle(v -> GatewayRouter.build(v, components, admin), config.httpHost(), config.httpPort(),
                requestGrace(config.shutdownGrace())),
            new DeploymentOptions().setInstances(config.httpInstances()))
        .onSuccess(httpDeployments::add)
        .mapEmpty();
    if (!config.roles().contains(Role.WORKERS)) {
      return http;
    }
    return http.compose(v -> vertx.deployVerticle(components.newSender()))
        .onSuccess(workerDeployments::add)
        .compose(v -> vertx.deployVerticle(components.conversations().newAiReplier()))
        .onSuccess(workerDeployments::add)
        .compose(v -> vertx.deployVerticle(components.conversations().newScheduler()))
        .onSuccess(workerDeployments::add)
        .compose(v -> vertx.deployVerticle(components.conversations().newTimer()))
        .onSuccess(workerDeployments::add)
        .compose(v -> vertx.deployVerticle(admin.newWebhookDispatcher(components.registry())))
        .onSuccess(workerDeployments::add)
        .compose(v -> vertx.deployVerticle(admin.newCallRollupFolder()))
        .onSuccess(workerDeployments::add)
        .compose(v -> config.reconcile().enabled()
            ? vertx.deployVerticle(components.newReconciler()).onSuccess(workerDeployments::add).mapEmpty()
            : Future.succeededFuture())
        .compose(v -> vertx.deployVerticle(components.newDailySummaryWorker()))
        .onSuccess(workerDeployments::add)
        .compose(v -> vertx.deployVerticle(components.newVoiceAlertCaller()))
        .onSuccess(workerDeployments::add)
        .compose(v -> vertx.deployVerticle(components.newRetentionPurger()))
        .onSuccess(workerDeployments::add)
        .compose(v -> {
          com.missedcall.recovery.email.EmailSender email = components.newEmailSender(vertx);
          return email == null ? Future.succeededFuture()
              : vertx.deployVerticle(email).onSuccess(workerDeployments::add).mapEmpty();
        })
        .mapEmpty();
  }

  /**
   * The admin API (its contract is loaded and resolved here, once per process) and, with the demo seed,
   * a fresh demo API key to print.
   */
  private Future<Void> loadAdmin(SecretBox secrets) {
    GatewayConfig config = components.config();
    String simulatorUrl = simulator != null ? simulator.baseUrl()
        : config.admin().demoSimulatorUrl() == null ? null : config.admin().demoSimulatorUrl().toString();
    AdminSettings settings = new AdminSettings(config.publicBaseUrlOrLocal().toString(), config.redisKeyPrefix(),
        config.redisTimeout(), config.admin().rateLimitPerMinute(), config.admin().webhookTimeout(),
        config.admin().webhookMaxAttempts(), java.time.Duration.ofSeconds(10), config.sweepInterval(),
        config.jobLease(), simulatorUrl, config.admin().webhookAllowedNetworks(),
        simulator != null ? simulator.baseUrl() : config.twilioApiBaseUrl().toString(), config.twilioTimeout());
    return AdminApi.create(vertx, components.adminPool(), components.redis(), components.http(), settings, secrets,
            components.accounts(), components.conversations().service())
        .compose(api -> {
          admin = api;
          return config.demoSeed() ? DemoSeed.apiKey(components.adminPool()) : Future.<String>succeededFuture();
        })
        .map(key -> {
          demoApiKey = key;
          return null;
        });
  }

  /** The demo agency's API key created at this start (null without the demo seed). */
  public String demoApiKey() {
    return demoApiKey;
  }

  public Vertx vertx() {
    return vertx;
  }

  public GatewayConfig config() {
    return components.config();
  }

  /** The embedded Twilio simulator, or null when a real Twilio API is configured. */
  public TwilioSimulator simulator() {
    return simulator;
  }

  public PrometheusMeterRegistry registry() {
    return components.registry();
  }

  /** Conversations: what staff can do to them (manual send, hand back, close, AI on/off). */
  public com.missedcall.recovery.conversations.ConversationService conversations() {
    return components.conversations().service();
  }

  /**
   * Drains and stops, within SHUTDOWN_GRACE_SECONDS plus the workers' drain: readiness turns false while the
   * servers still answer (the quiet period, so load balancers and health checks see it before connections
   * are refused), then the HTTP servers stop accepting and in-flight requests get the rest of the grace,
   * then workers finish or give back their jobs, then connections close. Every step runs even if the one
   * before failed, and closing is bounded: a query stuck on a lock or a dead server must not keep the
   * process alive (its transaction is PostgreSQL's to finish or roll back; leases cover claimed jobs).
   */
  public Future<Void> stop() {
    Duration grace = config().shutdownGrace();
    Duration quiet = quietPeriod(grace);
    components.readiness().drain();
    LOG.atInfo().addKeyValue("quietMs", quiet.toMillis()).addKeyValue("graceMs", grace.toMillis())
        .log("draining: readiness is now false");
    // the chain starts outside any context on purpose: bound to an event loop, its last step (Vert.x closed)
    // would be delivered to a closed event loop and the caller would wait forever
    Future<Void> quietOver = Future.<Void>succeededFuture()
        .compose(v -> quiet.isZero() ? Future.<Void>succeededFuture() : vertx.timer(quiet.toMillis()).<Void>mapEmpty());
    return quietOver
        .transform(ar -> Future.join(httpDeployments.stream().map(vertx::undeploy).toList()))
        .andThen(ar -> LOG.info("HTTP servers stopped"))
        .transform(ar -> Future.join(workerDeployments.stream().map(vertx::undeploy).toList()))
        .andThen(ar -> LOG.info("workers stopped"))
        .transform(ar -> within(components.close(), CLOSE_BUDGET))
        .onFailure(err -> LOG.atWarn().addKeyValue("error", String.valueOf(err))
            .log("connections did not close in time (a query still running?); closing Vert.x anyway"))
        .transform(ar -> simulator == null ? Future.<Void>succeededFuture() : simulator.stop())
        .transform(ar -> within(vertx.close(), CLOSE_BUDGET))
        .onFailure(err -> LOG.atWarn().addKeyValue("error", String.valueOf(err))
            .log("Vert.x did not close in time; the process exit ends the rest"))
        .otherwise((Void) null);
  }

  /** {@code future}, or a failure once {@code budget} is over, timed outside Vert.x (which may be closing). */
  private static <T> Future<T> within(Future<T> future, Duration budget) {
    return Future.fromCompletionStage(future.toCompletionStage()).timeout(budget.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The first part of the grace, during which the process still serves everything but reports not ready:
   * a quarter of it, at most 5 s (the chart's preStop pause does the same job before SIGTERM on Kubernetes).
   */
  static Duration quietPeriod(Duration grace) {
    Duration quarter = grace.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : quarter;
  }

  /** What is left of the grace for in-flight requests once the quiet period is over. */
  static Duration requestGrace(Duration grace) {
    return grace.minus(quietPeriod(grace));
  }
}

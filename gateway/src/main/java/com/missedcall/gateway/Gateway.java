package com.missedcall.gateway;

import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.gateway.config.Role;
import com.missedcall.gateway.embedded.DemoSeed;
import com.missedcall.gateway.embedded.LoadTestSeed;
import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
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
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
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

  private final Vertx vertx;
  private final Components components;
  private final TwilioSimulator simulator;
  private final List<String> httpDeployments = new ArrayList<>();
  private final List<String> workerDeployments = new ArrayList<>();

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
    return startSimulator(vertx, config)
        .compose(simulator -> Migrations.apply(vertx, db).compose(applied -> {
          Pool pool = PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(config.databasePoolSize()).setMaxWaitQueueSize(10_000)
                  .setConnectionTimeout(1).setConnectionTimeoutUnit(TimeUnit.SECONDS))
              .connectingTo(db.connectOptions())
              .using(vertx)
              .build();
          String twilioBase = simulator != null ? simulator.baseUrl() : config.twilioApiBaseUrl().toString();
          Components components = Components.build(vertx, config, registry, pool, redis(vertx, config), twilioBase);
          components.readiness().migrated();
          Gateway gateway = new Gateway(vertx, components, simulator);
          GatewayConfig.LoadTestSeed load = config.loadTestSeed();
          Future<Void> seeded = (config.demoSeed() ? DemoSeed.apply(pool) : Future.<Void>succeededFuture())
              .compose(v -> load.workspaces() > 0
                  ? LoadTestSeed.apply(pool, load.accountSid(), load.authToken(), load.workspaces(), load.windowSeconds())
                  : Future.succeededFuture());
          return seeded.compose(v -> gateway.deploy()).map(gateway);
        }))
        .recover(err -> vertx.close().transform(ar -> Future.failedFuture(err)));
  }

  private static Future<TwilioSimulator> startSimulator(Vertx vertx, GatewayConfig config) {
    if (!config.embeddedTwilio()) {
      return Future.succeededFuture(null);
    }
    return TwilioSimulator.start(vertx, new SimulatorOptions().port(config.simulatorPort()).autoStatusCallbacks(true))
        .map(sim -> sim.addAccount(DemoSeed.ACCOUNT_SID, DemoSeed.AUTH_TOKEN));
  }

  private static Redis redis(Vertx vertx, GatewayConfig config) {
    RedisOptions options = new RedisOptions()
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
            () -> new HttpVerticle(v -> GatewayRouter.build(v, components), config.httpHost(), config.httpPort(),
                config.shutdownGrace()),
            new DeploymentOptions().setInstances(config.httpInstances()))
        .onSuccess(httpDeployments::add)
        .mapEmpty();
    if (!config.roles().contains(Role.WORKERS)) {
      return http;
    }
    return http.compose(v -> vertx.deployVerticle(components.newSender()))
        .onSuccess(workerDeployments::add)
        .mapEmpty();
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

  /** Drains and stops: readiness false, HTTP servers finish in-flight requests, workers finish sends. */
  public Future<Void> stop() {
    components.readiness().drain();
    LOG.info("draining: readiness is now false");
    Future<Void> httpStopped = Future.all(httpDeployments.stream().map(vertx::undeploy).toList()).mapEmpty();
    return httpStopped
        .compose(v -> Future.all(workerDeployments.stream().map(vertx::undeploy).toList()))
        .transform(ar -> components.close())
        .transform(ar -> simulator == null ? Future.<Void>succeededFuture() : simulator.stop())
        .transform(ar -> vertx.close());
  }
}

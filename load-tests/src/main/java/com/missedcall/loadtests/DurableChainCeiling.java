package com.missedcall.loadtests;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bench's durable-chain ceiling: the least a gateway can do per missed call and still acknowledge
 * only what is durable, on this machine with the same stack. Per webhook: the same form parse and
 * signature check as the gateway ({@link SignedForm}), one Redis round trip (a script doing what the
 * gateway's fast path does: done? in the caller's window? count today's SMS and this month's lead),
 * then one PostgreSQL statement that writes the call, upserts the lead and queues the text-back job,
 * shared by every call that arrived meanwhile ({@link GroupCommit}); 204 once it committed, 503 if it
 * failed. Its tables ({@code chain_calls}, {@code chain_leads}, {@code chain_jobs}) live in the bench
 * database in their own schema {@code durable_chain} (the gateway's Flyway wants {@code public} to itself),
 * with the indexes such tables need. The gateway's decisions per
 * second and CPU per decision are reported against this one's, measured in the same run.
 * <p>Usage: {@code java -cp load-tools.jar com.missedcall.loadtests.DurableChainCeiling PORT AUTH_TOKEN
 * PUBLIC_BASE_URL DATABASE_URL REDIS_URL REDIS_KEY_PREFIX [STATEMENTS_IN_FLIGHT_PER_LOOP]}
 */
public final class DurableChainCeiling extends VerticleBase {
  static final String SCHEMA = """
      CREATE SCHEMA IF NOT EXISTS durable_chain;
      SET search_path TO durable_chain;
      CREATE TABLE IF NOT EXISTS chain_calls (
        id bigserial PRIMARY KEY, call_sid text NOT NULL UNIQUE, caller text NOT NULL, called text NOT NULL,
        decision text NOT NULL, reason text NOT NULL, received_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS chain_leads (
        id bigserial PRIMARY KEY, called text NOT NULL, caller text NOT NULL, calls int NOT NULL DEFAULT 1,
        last_call_id bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), UNIQUE (called, caller));
      CREATE TABLE IF NOT EXISTS chain_jobs (
        id bigserial PRIMARY KEY, call_id bigint NOT NULL, lead_id bigint NOT NULL, kind text NOT NULL,
        status text NOT NULL DEFAULT 'pending', due_at timestamptz NOT NULL DEFAULT now(), payload jsonb NOT NULL);
      CREATE INDEX IF NOT EXISTS chain_jobs_due ON chain_jobs (due_at) WHERE status = 'pending'""";

  /** One statement for a batch: calls (a CallSid seen before is skipped), their leads, their jobs. */
  static final String DECIDE = """
      WITH input AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS t(call_sid, caller, called)),
      calls AS (
        INSERT INTO durable_chain.chain_calls (call_sid, caller, called, decision, reason)
        SELECT call_sid, caller, called, 'recover', 'texted' FROM input
        ON CONFLICT (call_sid) DO NOTHING
        RETURNING id, caller, called),
      leads AS (
        INSERT INTO durable_chain.chain_leads (called, caller, last_call_id)
        SELECT DISTINCT ON (called, caller) called, caller, id FROM calls ORDER BY called, caller, id DESC
        ON CONFLICT (called, caller) DO UPDATE
          SET calls = durable_chain.chain_leads.calls + 1, last_call_id = excluded.last_call_id, updated_at = now()
        RETURNING id, called, caller),
      jobs AS (
        INSERT INTO durable_chain.chain_jobs (call_id, lead_id, kind, payload)
        SELECT c.id, l.id, 'textback', jsonb_build_object('call_id', c.id, 'to', c.caller)
          FROM calls c JOIN leads l ON l.called = c.called AND l.caller = c.caller
        RETURNING id)
      SELECT count(*) FROM jobs""";

  /** The fast path's work in one round trip; keys share the number's hash tag. */
  static final String ADMIT = """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 'done' end
      if redis.call('EXISTS', KEYS[2]) == 1 then return 'window' end
      if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
      if redis.call('SET', KEYS[5], '1', 'PX', ARGV[3], 'NX') then
        if redis.call('INCR', KEYS[4]) == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[3]) end
      end
      redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
      return 'reserved'""";
  private static final String ADMIT_SHA = sha1(ADMIT);
  private static final int MAX_BATCH = 512;
  private static final long WINDOW_MS = 5_000;

  private final int port;
  private final SignedForm form;
  private final PgConnectOptions database;
  private final String redisUrl;
  private final String keyPrefix;
  private final int statementsInFlight;
  private HttpServer server;
  private Pool pool;
  private RedisAPI redis;
  private GroupCommit commits;

  DurableChainCeiling(int port, String authToken, String publicBase, PgConnectOptions database, String redisUrl,
                      String keyPrefix, int statementsInFlight) {
    this.port = port;
    this.form = new SignedForm(authToken, publicBase);
    this.database = database;
    this.redisUrl = redisUrl;
    this.keyPrefix = keyPrefix;
    this.statementsInFlight = statementsInFlight;
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(statementsInFlight)).connectingTo(database)
        .using(vertx).build();
    redis = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
        .setMaxPoolSize(4).setMaxPoolWaiting(100_000).setMaxWaitingHandlers(100_000)));
    commits = new GroupCommit(pool, DECIDE, MAX_BATCH, statementsInFlight);
    vertx.setPeriodic(5_000, t -> {
      if (commits.batches() > 0) {
        System.out.printf("durable-chain ceiling: %d calls in %d statements (%.1f per statement)%n",
            commits.calls(), commits.batches(), commits.calls() / (double) commits.batches());
      }
    });
    server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
        .requestHandler(req -> req.body().onSuccess(body -> handle(req, body)));
    return server.listen();
  }

  private void handle(HttpServerRequest req, Buffer body) {
    Map<String, String> params = form.verified(req, body);
    if (params == null) {
      req.response().setStatusCode(403).end();
      return;
    }
    GroupCommit.Call call = new GroupCommit.Call(params.get("CallSid"), params.get("From"), params.get("To"));
    admit(call)
        .compose(verdict -> "reserved".equals(verdict) ? commits.submit(call) : Future.succeededFuture())
        .onSuccess(v -> req.response().setStatusCode(204).end())
        .onFailure(err -> req.response().setStatusCode(503).end());
  }

  /** The Redis verdict; when Redis fails, PostgreSQL alone decides (as in the gateway's degraded mode). */
  private Future<String> admit(GroupCommit.Call call) {
    String tag = keyPrefix + "{n:" + call.called() + "}:";
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    long msToDayEnd = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)).toMillis();
    LocalDate monthEnd = now.toLocalDate().withDayOfMonth(1).plusMonths(1);
    long msToMonthEnd = Duration.between(now, monthEnd.atStartOfDay(ZoneOffset.UTC)).toMillis();
    List<String> args = new ArrayList<>(List.of(ADMIT_SHA, "5", tag + "done:" + call.callSid(),
        tag + "window:" + call.caller(), tag + "sms:" + now.toLocalDate(), tag + "leads:" + monthEnd,
        tag + "seen:" + monthEnd + ":" + call.caller(), Long.toString(WINDOW_MS), Long.toString(msToDayEnd),
        Long.toString(msToMonthEnd)));
    return redis.evalsha(args)
        .recover(err -> {
          if (!String.valueOf(err.getMessage()).startsWith("NOSCRIPT")) {
            return Future.failedFuture(err);
          }
          List<String> withBody = new ArrayList<>(args);
          withBody.set(0, ADMIT);
          return redis.eval(withBody);
        })
        .timeout(2, TimeUnit.SECONDS)
        .map(Response::toString)
        .otherwise("reserved");
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(2, TimeUnit.SECONDS).eventually(() -> pool.close());
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    PgConnectOptions database = PgConnectOptions.fromUri(args[3]).setCachePreparedStatements(true);
    int inFlight = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    Vertx vertx = Vertx.vertx();
    Pool setup = PgBuilder.pool().connectingTo(database).using(vertx).build();
    setup.query(SCHEMA).execute()
        .eventually(setup::close)
        .compose(v -> vertx.deployVerticle(
            () -> new DurableChainCeiling(port, args[1], args[2], database, args[4], args[5], inFlight),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())))
        .onSuccess(id -> System.out.println("durable-chain ceiling listening on " + port))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }
}

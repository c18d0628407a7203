package com.missedcall.admin;

import com.missedcall.admin.accounts.TwilioAccountRoutes;
import com.missedcall.admin.accounts.TwilioAccountStore;
import com.missedcall.admin.accounts.TwilioOwnership;
import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.audit.AuditRoutes;
import com.missedcall.admin.conversations.ConversationQueries;
import com.missedcall.admin.conversations.ConversationRoutes;
import com.missedcall.admin.auth.ApiKeyAuth;
import com.missedcall.admin.auth.ApiKeyRoutes;
import com.missedcall.admin.auth.ApiKeyStore;
import com.missedcall.admin.auth.RateLimit;
import com.missedcall.admin.auth.RateLimiter;
import com.missedcall.admin.dashboard.Dashboard;
import com.missedcall.admin.demo.DemoRoutes;
import com.missedcall.admin.http.ApiFailureHandler;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.QueryGuard;
import com.missedcall.admin.http.StringParameters;
import com.missedcall.admin.copy.CopyRoutes;
import com.missedcall.admin.copy.CopyStore;
import com.missedcall.admin.hours.HoursRoutes;
import com.missedcall.admin.hours.HoursStore;
import com.missedcall.admin.leads.LeadRoutes;
import com.missedcall.admin.leads.LeadStore;
import com.missedcall.admin.numbers.NumberRoutes;
import com.missedcall.admin.numbers.NumberService;
import com.missedcall.admin.numbers.SetupCheck;
import com.missedcall.admin.numbers.TrackedNumberStore;
import com.missedcall.admin.overview.CallRollupFolder;
import com.missedcall.admin.overview.OverviewRoutes;
import com.missedcall.admin.overview.OverviewStore;
import com.missedcall.admin.overview.UsageStore;
import com.missedcall.admin.voice.VoiceRecoveryRoutes;
import com.missedcall.admin.voice.VoiceRecoveryStore;
import com.missedcall.admin.webhooks.WebhookDeliveryStore;
import com.missedcall.admin.webhooks.WebhookDispatcher;
import com.missedcall.admin.webhooks.WebhookEndpointStore;
import com.missedcall.admin.webhooks.WebhookRoutes;
import com.missedcall.admin.webhooks.WebhookSender;
import com.missedcall.admin.webhooks.destination.HostResolver;
import com.missedcall.admin.webhooks.destination.WebhookTargetGuard;
import com.missedcall.admin.workspaces.NotificationNumberRoutes;
import com.missedcall.admin.workspaces.NotificationNumberStore;
import com.missedcall.admin.workspaces.WorkspaceRoutes;
import com.missedcall.admin.workspaces.WorkspaceService;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.conversations.ConversationService;
import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.twilio.TwilioAccounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import com.missedcall.recovery.secrets.SecretBox;
import java.time.Duration;
import java.util.Set;

/**
 * The admin API and dashboard, assembled once per process: the contract (loaded and resolved at
 * start), the stores and services, and a {@link #mount(Router)} that each HTTP verticle calls on its
 * own router. Requests under {@code /api/v1} pass: body cap, API key, per-key rate limit, contract
 * validation, then the operation's handler; every failure becomes {@code {"code","message"}}.
 */
public final class AdminApi {
  public static final String BASE = "/api/v1";
  /** How stale a folded hour may be after a late call lands in it; recent hours are always counted live. */
  static final Duration CALL_ROLLUP_INTERVAL = Duration.ofSeconds(10);
  static final String CONTRACT = "openapi/admin-api.yaml";
  private static final long MAX_BODY_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final Buffer contractYaml;
  private final String contractJson;
  private final AdminSettings settings;
  private final Pool pool;
  private final ApiKeyAuth auth;
  private final RateLimit rateLimit;
  private final ApiKeyRoutes keys;
  private final AuditRoutes auditRoutes;
  private final TwilioAccountRoutes accounts;
  private final WorkspaceRoutes workspaces;
  private final HoursRoutes hours;
  private final com.missedcall.admin.intake.IntakePageRoutes intakePage;
  private final CopyRoutes copy;
  private final NotificationNumberRoutes notificationNumbers;
  private final ConversationRoutes conversations;
  private final NumberRoutes numbers;
  private final LeadRoutes leads;
  private final OverviewRoutes overview;
  private final WebhookRoutes webhooks;
  private final DemoRoutes demo;
  private final VoiceRecoveryRoutes voiceRecovery;
  private final WebhookDeliveryStore deliveries;
  private final WebhookSender webhookSender;
  private final com.missedcall.admin.exports.CsvExportRoutes exports;
  private com.missedcall.admin.operator.OperatorApi operator;
  private final com.missedcall.admin.outcomes.OutcomeWebhookRoutes outcomeWebhookRoutes;
  private final com.missedcall.admin.outcomes.OutcomeWebhook outcomeWebhook;
  private final com.missedcall.admin.notifications.NotificationEmailRoutes notificationEmails;
  private final com.missedcall.admin.failures.FailedTextRoutes failedTexts;
  private final com.missedcall.admin.bundle.SupportBundleRoutes supportBundles;
  private final com.missedcall.admin.testcalls.TestCallRoutes testCalls;
  private final com.missedcall.admin.summaries.DailySummaryRoutes dailySummaries;
  private final com.missedcall.admin.privacy.PrivacyRoutes privacy;

  private AdminApi(Vertx vertx, OpenAPIContract contract, Buffer contractYaml, Pool pool, RedisAPI redis,
                   WebClient http, AdminSettings settings, SecretBox secrets, TwilioAccounts credentials,
                   ConversationService conversationService, HostResolver resolver) {
    this.vertx = vertx;
    this.contract = contract;
    this.contractYaml = contractYaml;
    // the same document as JSON, for clients that prefer it (the resolved contract cannot be re-encoded)
    this.contractJson = new io.vertx.core.json.JsonObject(
        new org.yaml.snakeyaml.Yaml().<java.util.Map<String, Object>>load(contractYaml.toString())).encodePrettily();
    this.settings = settings;
    this.pool = pool;
    ApiKeyStore keyStore = new ApiKeyStore();
    AuditLog audit = new AuditLog();
    WorkspaceStore workspaceStore = new WorkspaceStore();
    TrackedNumberStore numberStore = new TrackedNumberStore();
    TwilioAccountStore accountStore = new TwilioAccountStore(secrets);
    SetupCheck setup = new SetupCheck(settings.publicBaseUrl());
    TwilioOwnership ownership = new TwilioOwnership(http, settings.twilioApiBaseUrl(), settings.twilioTimeout());
    this.auth = new ApiKeyAuth(pool, keyStore, Set.of(BASE + "/openapi.json", BASE + "/openapi.yaml"));
    this.rateLimit = new RateLimit(new RateLimiter(redis, settings.redisKeyPrefix(), settings.rateLimitPerMinute(),
        Duration.ofMinutes(1), settings.redisTimeout()));
    this.keys = new ApiKeyRoutes(pool, keyStore, audit, settings.demo());
    this.auditRoutes = new AuditRoutes(pool, audit);
    this.accounts = new TwilioAccountRoutes(pool, accountStore, audit, credentials, ownership);
    this.workspaces = new WorkspaceRoutes(pool, workspaceStore,
        new WorkspaceService(pool, workspaceStore, audit, vertx.eventBus(),
            new com.missedcall.admin.operator.AgencyStore()));
    this.hours = new HoursRoutes(pool, new HoursStore(), workspaceStore, audit, vertx.eventBus(),
        java.time.Clock.systemUTC());
    this.intakePage = new com.missedcall.admin.intake.IntakePageRoutes(pool,
        new com.missedcall.admin.intake.IntakePageStore(), workspaceStore, audit);
    this.copy = new CopyRoutes(pool, new CopyStore(), workspaceStore, audit, vertx.eventBus(), java.time.Clock.systemUTC(),
        settings.publicBaseUrl());
    this.numbers = new NumberRoutes(pool, numberStore,
        new NumberService(pool, numberStore, workspaceStore, accountStore, audit, vertx.eventBus(), ownership),
        workspaceStore, setup);
    this.notificationNumbers = new NotificationNumberRoutes(pool, new NotificationNumberStore(), workspaceStore, audit);
    this.conversations = new ConversationRoutes(pool, new ConversationQueries(), conversationService, workspaceStore,
        audit);
    this.leads = new LeadRoutes(pool, new LeadStore(), workspaceStore, audit, conversations);
    this.overview = new OverviewRoutes(pool, new OverviewStore(), new UsageStore(), workspaceStore, setup);
    this.deliveries = new WebhookDeliveryStore(pool, secrets);
    WebhookTargetGuard guard = new WebhookTargetGuard(settings.webhookAllowedNetworks(), resolver,
        settings.webhookTimeout());
    this.webhookSender = new WebhookSender(http, settings.webhookTimeout(), guard);
    this.webhooks = new WebhookRoutes(pool, new WebhookEndpointStore(secrets), deliveries, webhookSender, audit, guard);
    this.voiceRecovery = new VoiceRecoveryRoutes(pool, new VoiceRecoveryStore(), audit, vertx.eventBus());
    this.demo = new DemoRoutes(pool, http, settings.simulatorUrl(), settings.publicBaseUrl(), numberStore, accountStore);
    this.exports = new com.missedcall.admin.exports.CsvExportRoutes(pool, workspaceStore);
    com.missedcall.admin.outcomes.OutcomeSecretStore outcomeSecrets =
        new com.missedcall.admin.outcomes.OutcomeSecretStore(secrets);
    this.outcomeWebhookRoutes = new com.missedcall.admin.outcomes.OutcomeWebhookRoutes(pool, outcomeSecrets,
        workspaceStore, audit, settings.publicBaseUrl());
    this.outcomeWebhook = new com.missedcall.admin.outcomes.OutcomeWebhook(pool, outcomeSecrets, audit,
        java.time.Clock.systemUTC());
    this.notificationEmails = new com.missedcall.admin.notifications.NotificationEmailRoutes(pool, workspaceStore,
        audit, vertx.eventBus());
    com.missedcall.admin.failures.FailedTextStore failedTextStore = new com.missedcall.admin.failures.FailedTextStore();
    this.failedTexts = new com.missedcall.admin.failures.FailedTextRoutes(pool, failedTextStore, workspaceStore);
    this.testCalls = new com.missedcall.admin.testcalls.TestCallRoutes(pool,
        new com.missedcall.admin.testcalls.TestCallerStore(), workspaceStore, audit, accountStore,
        new com.missedcall.admin.testcalls.TwilioTestCalls(http, settings.twilioApiBaseUrl(), settings.twilioTimeout()));
    this.dailySummaries = new com.missedcall.admin.summaries.DailySummaryRoutes(pool,
        new com.missedcall.admin.summaries.DailySummaryHistory(), workspaceStore);
    this.supportBundles = new com.missedcall.admin.bundle.SupportBundleRoutes(pool,
        new com.missedcall.admin.bundle.SupportBundleStore(), workspaceStore, new UsageStore(), setup, failedTextStore,
        java.time.Clock.systemUTC());
    this.privacy = new com.missedcall.admin.privacy.PrivacyRoutes(pool, new com.missedcall.admin.privacy.PrivacyStore(),
        workspaceStore, audit, new com.missedcall.admin.privacy.CallerKeys(redis, settings.redisKeyPrefix(),
            settings.redisTimeout()));
  }

  /**
   * Loads and resolves the contract, then builds the API. {@code credentials} is this process's Twilio
   * credential cache (dropped when a token is rotated; may be null); {@code conversations} is the
   * conversations feature's service, which every conversation action goes through.
   */
  public static Future<AdminApi> create(Vertx vertx, Pool pool, RedisAPI redis, WebClient http,
                                        AdminSettings settings, SecretBox secrets, TwilioAccounts credentials,
                                        ConversationService conversations) {
    return create(vertx, pool, redis, http, settings, secrets, credentials, conversations, HostResolver.system(vertx));
  }

  /** The same, resolving outbound webhook host names with {@code resolver} (tests decide what a name resolves to). */
  public static Future<AdminApi> create(Vertx vertx, Pool pool, RedisAPI redis, WebClient http,
                                        AdminSettings settings, SecretBox secrets, TwilioAccounts credentials,
                                        ConversationService conversations, HostResolver resolver) {
    return vertx.fileSystem().readFile(CONTRACT)
        .compose(yaml -> OpenAPIContract.from(vertx, CONTRACT)
            .map(contract -> new AdminApi(vertx, contract, yaml, pool, redis, http, settings, secrets, credentials,
                conversations, resolver)))
        .compose(api -> com.missedcall.admin.operator.OperatorApi.create(vertx, pool,
            new RateLimiter(redis, settings.redisKeyPrefix() + "op:", settings.rateLimitPerMinute(), Duration.ofMinutes(1),
                settings.redisTimeout())).map(operator -> {
          api.operator = operator;
          return api;
        }));
  }

  /** Mounts {@code /api/v1/*} and the dashboard on a verticle's router. */
  public void mount(Router router) {
    router.route(BASE + "/*").subRouter(apiRouter());
    operator.mount(router);
    // the business's tools report outcomes here, signed with the workspace's outcome secret (no API key)
    router.post("/hooks/v1/workspaces/:workspaceId/outcomes")
        .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
        .handler(outcomeWebhook)
        .failureHandler(ApiFailureHandler.create());
    Dashboard.mount(router);
  }

  private Router apiRouter() {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, new StringParameters());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    builder.rootHandler(auth);
    builder.rootHandler(rateLimit);
    // before the contract router decodes anything: an undecodable or NUL-holding query is a 400, not a 500
    builder.rootHandler(QueryGuard.create());
    Operations ops = new Operations(builder);
    ops.handle("getOpenApiJson", ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(contractJson));
    ops.handle("getOpenApiYaml", ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .end(contractYaml));
    keys.bind(ops);
    auditRoutes.bind(ops);
    accounts.bind(ops);
    workspaces.bind(ops);
    hours.bind(ops);
    intakePage.bind(ops);
    copy.bind(ops);
    notificationNumbers.bind(ops);
    conversations.bind(ops);
    numbers.bind(ops);
    leads.bind(ops);
    overview.bind(ops);
    webhooks.bind(ops);
    demo.bind(ops);
    exports.bind(ops);
    voiceRecovery.bind(ops);
    outcomeWebhookRoutes.bind(ops);
    notificationEmails.bind(ops);
    failedTexts.bind(ops);
    supportBundles.bind(ops);
    testCalls.bind(ops);
    dailySummaries.bind(ops);
    privacy.bind(ops);
    for (OpenAPIRoute route : builder.getRoutes()) {
      // authentication is the root handler above, before validation, so a bad key is always a 401
      route.setDoSecurity(false);
      if (!ops.bound().contains(route.getOperation().getOperationId())) {
        throw new IllegalStateException("no handler for operation " + route.getOperation().getOperationId());
      }
    }
    Router router = builder.createRouter();
    router.route().last().handler(ctx -> ctx.fail(new ApiProblem(404, "not_found", "No such API route")));
    router.route().failureHandler(ApiFailureHandler.create());
    return router;
  }

  /** The worker that sends outbound webhooks; deployed with the workers role. */
  public WebhookDispatcher newWebhookDispatcher(io.micrometer.core.instrument.MeterRegistry registry) {
    return new WebhookDispatcher(deliveries, webhookSender,
        new Backoff(settings.webhookRetryBase(), Duration.ofHours(1)), settings.webhookMaxAttempts(),
        settings.sweepInterval(), settings.jobLease(), registry);
  }

  /** Folds new calls into the overview's hourly counts; deployed with the workers role. */
  public CallRollupFolder newCallRollupFolder() {
    return new CallRollupFolder(pool, CALL_ROLLUP_INTERVAL);
  }

  public Pool pool() {
    return pool;
  }
}

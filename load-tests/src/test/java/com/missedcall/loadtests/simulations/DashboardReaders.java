package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Dashboard readers: agency staff reading the admin API while the webhooks come in. One virtual user
 * is one visit, shaped like the dashboard's own page loads: the workspace list (sign-in), a workspace's
 * overview, its leads list and the next page, the leads behind one decision reason (the "why was this
 * caller not texted?" view), then one lead page (calls with their reasons, messages, conversation)
 * left open long enough for the page's 4-second refresh, and the lead's conversation thread. Think
 * times are a person reading. A visit ends early once the webhook load is over, so what readers
 * measure is the API under that load.
 * <p>Properties: {@code -DapiKey} (an agency key of the load-test tenants; without it there are no
 * readers), {@code -DreaderRate} (visits started per second, default 20; a visit makes about eight
 * requests over ~20 s), {@code -DreaderP99Ms} (p99 each reader request must stay under, default 1000),
 * {@code -DreaderThinkScale} (multiplies the think times, default 1; below 1 for short smoke runs).
 */
final class DashboardReaders {
  static final String WORKSPACES = "dashboard: workspaces";
  static final String OVERVIEW = "dashboard: overview";
  static final String LEADS = "dashboard: leads";
  static final String LEADS_NEXT_PAGE = "dashboard: leads next page";
  static final String LEADS_BY_REASON = "dashboard: leads by reason";
  static final String LEAD_PAGE = "dashboard: lead page";
  static final String CONVERSATION = "dashboard: conversation";
  /** Reasons the load-test calls are decided with, so the filtered lists are not all empty. */
  private static final List<String> REASONS =
      List.of("texted", "within_duplicate_window", "answered", "duplicate_webhook");
  private static final String API = "/api/v1";

  private final LoadSettings settings;
  private final String apiKey;
  private final int rate;
  private final int p99Ms;
  private final double thinkScale;
  private final ResponseTimes times = new ResponseTimes();
  private volatile long loadEndsAtMillis = Long.MAX_VALUE;

  private DashboardReaders(LoadSettings settings, String apiKey, int rate, int p99Ms, double thinkScale) {
    this.settings = settings;
    this.apiKey = apiKey;
    this.rate = rate;
    this.p99Ms = p99Ms;
    this.thinkScale = thinkScale;
  }

  /** The readers, when {@code -DapiKey} names a key to read with. */
  static Optional<DashboardReaders> fromSystemProperties(LoadSettings settings) {
    String key = System.getProperty("apiKey", "");
    if (key.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new DashboardReaders(settings, key.trim(), Integer.getInteger("readerRate", 20),
        Integer.getInteger("readerP99Ms", 1000), Double.parseDouble(System.getProperty("readerThinkScale", "1"))));
  }

  /** Call from the simulation's {@code before()}: visits stop starting pages once the load is over. */
  void loadStarts() {
    loadEndsAtMillis = System.currentTimeMillis() + settings.ramp().plus(settings.duration()).toMillis();
  }

  int p99Ms() {
    return p99Ms;
  }

  ResponseTimes times() {
    return times;
  }

  /** A browser's view of the API: its own connections (no sharing with the webhook pool), JSON, the key. */
  HttpProtocolBuilder protocol() {
    return http.baseUrl(settings.baseUrl())
        .acceptHeader("application/json")
        .authorizationHeader("Bearer " + apiKey)
        .userAgentHeader("Mozilla/5.0 (load test; dashboard reader)")
        .disableCaching()
        .disableWarmUp();
  }

  /** Visits arrive at {@code readerRate}/s over the same ramp and hold as the webhook load. */
  PopulationBuilder population() {
    return visit().injectOpen(
            rampUsersPerSec(Math.max(1, rate / 10)).to(rate).during(settings.ramp()),
            constantUsersPerSec(rate).during(settings.duration()))
        .protocols(protocol());
  }

  /**
   * p99 under {@code readerP99Ms} for each page a visit makes whenever there are leads to read (the
   * next page and the conversation depend on the data, and a name Gatling never saw fails its
   * assertion). Failures are left to the simulation's {@code forAll()} assertion, which covers every
   * request that did happen.
   */
  List<Assertion> assertions() {
    List<Assertion> all = new ArrayList<>();
    for (String name : List.of(WORKSPACES, OVERVIEW, LEADS, LEADS_BY_REASON, LEAD_PAGE)) {
      all.add(details(name).responseTime().percentile(99.0).lt(p99Ms));
    }
    return all;
  }

  ScenarioBuilder visit() {
    return scenario("dashboard readers")
        .exec(read(get(WORKSPACES, "/workspaces").queryParam("limit", "200")
            .check(jsonPath("$.data[*].id").ofLong().findRandom().saveAs("workspaceId"))))
        .exitHereIf(session -> !session.contains("workspaceId"))
        .exec(page(Duration.ofSeconds(1), Duration.ofSeconds(3),
            get(OVERVIEW, "/overview").queryParam("workspace_id", "#{workspaceId}").queryParam("days", "7")))
        .exec(page(Duration.ofSeconds(3), Duration.ofSeconds(8), leads(LEADS)
            .check(jsonPath("$.next_cursor").ofString().optional().saveAs("cursor"))))
        .doIf(DashboardReaders::hasNextPage).then(
            page(Duration.ofSeconds(2), Duration.ofSeconds(5),
                leads(LEADS_NEXT_PAGE).queryParam("cursor", "#{cursor}")))
        .exec(session -> session.set("reason", REASONS.get(ThreadLocalRandom.current().nextInt(REASONS.size()))))
        .exec(page(Duration.ofSeconds(2), Duration.ofSeconds(5),
            leads(LEADS_BY_REASON).queryParam("reason", "#{reason}")))
        .doIf(session -> session.contains("leadId")).then(leadPage());
  }

  /** The lead page refreshes itself every 4 s while open; one refresh, then the conversation thread. */
  private ChainBuilder leadPage() {
    HttpRequestActionBuilder lead = get(LEAD_PAGE, "/leads/#{leadId}")
        .check(jsonPath("$.conversation.id").ofLong().optional().saveAs("conversationId"));
    return page(Duration.ofSeconds(2), Duration.ofSeconds(5), lead)
        .exec(page(Duration.ofSeconds(4), Duration.ofSeconds(4), lead))
        .doIf(session -> session.contains("conversationId")).then(
            page(Duration.ofSeconds(1), Duration.ofSeconds(3), get(CONVERSATION, "/conversations/#{conversationId}")));
  }

  /** A page of 25 leads of the workspace, newest call first; a random one is kept for the lead page. */
  private HttpRequestActionBuilder leads(String name) {
    return get(name, "/leads").queryParam("workspace_id", "#{workspaceId}").queryParam("limit", "25")
        .check(jsonPath("$.data[*].id").ofLong().findRandom().optional().saveAs("leadId"));
  }

  /** Reading the previous page for a while, then the next one, unless the load is over by then. */
  private ChainBuilder page(Duration minThink, Duration maxThink, HttpRequestActionBuilder request) {
    return pause(scaled(minThink), scaled(maxThink))
        .exitHereIf(session -> System.currentTimeMillis() > loadEndsAtMillis)
        .exec(read(request));
  }

  private static HttpRequestActionBuilder get(String name, String path) {
    return http(name).get(API + path)
        .check(status().saveAs("status"), responseTimeInMillis().saveAs("ms"), status().is(200));
  }

  /** The request, then its status and time into {@link #times} (see {@link ResponseTimes} for why). */
  private ChainBuilder read(HttpRequestActionBuilder request) {
    return exec(request).exec(session -> {
      Integer status = session.getIntegerWrapper("status");
      times.record(session.getIntegerWrapper("ms"), status != null && status == 200);
      return session.removeAll("status", "ms");
    });
  }

  private Duration scaled(Duration think) {
    return Duration.ofMillis(Math.round(think.toMillis() * thinkScale));
  }

  /** {@code next_cursor} is null on the last page. */
  private static boolean hasNextPage(Session session) {
    String cursor = session.getString("cursor");
    return cursor != null && !cursor.isEmpty() && !"null".equals(cursor);
  }
}

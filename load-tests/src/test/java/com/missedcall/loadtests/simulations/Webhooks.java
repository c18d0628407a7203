package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.exec;

/** Gatling pieces shared by the simulations. */
final class Webhooks {
  private Webhooks() {}

  static HttpProtocolBuilder protocol(LoadSettings s) {
    return http.baseUrl(s.baseUrl())
        .contentTypeHeader("application/x-www-form-urlencoded")
        .userAgentHeader("TwilioProxy/1.1")
        .shareConnections()
        .disableCaching()
        .disableWarmUp();
  }

  /**
   * The load profile: an open model ramping to {@code perSecond} arrivals per second and holding it, or,
   * with {@code -Dconcurrency}, a closed model of that many users back to back (maximum throughput).
   */
  static PopulationBuilder population(ScenarioBuilder scenario, LoadSettings s, int perSecond) {
    if (s.concurrency() > 0) {
      return scenario.injectClosed(
          rampConcurrentUsers(1).to(s.concurrency()).during(s.ramp()),
          constantConcurrentUsers(s.concurrency()).during(s.duration()));
    }
    int rate = Math.max(1, perSecond);
    return scenario.injectOpen(
        rampUsersPerSec(Math.max(1, rate / 10)).to(rate).during(s.ramp()),
        constantUsersPerSec(rate).during(s.duration()));
  }

  /**
   * Posts the feeder record under {@code prefix} (path, body, signature) and expects a 2xx. The status
   * and response time are kept in the session ({@code <prefix>status}, {@code <prefix>ms}) for
   * {@link WebhookOutcomes} and {@link ResponseTimes}, a refused (503) webhook included: the status is
   * saved ahead of the check that fails it.
   */
  static ChainBuilder post(String requestName, String prefix) {
    return exec(http(requestName)
        .post("#{" + prefix + "path}")
        .header("X-Twilio-Signature", "#{" + prefix + "signature}")
        .body(StringBody("#{" + prefix + "body}"))
        .check(status().saveAs(prefix + "status"), responseTimeInMillis().saveAs(prefix + "ms"),
            status().in(200, 204)));
  }

  /** Whether the webhook posted under {@code prefix} was acknowledged: the only answer Twilio does not retry. */
  static boolean acknowledged(Session session, String prefix) {
    Integer status = session.getIntegerWrapper(prefix + "status");
    return status != null && status >= 200 && status < 300;
  }

  /** Adds the webhook posted under {@code prefix} to {@code times}. */
  static ChainBuilder timed(String prefix, ResponseTimes times) {
    return exec(session -> {
      times.record(session.getIntegerWrapper(prefix + "ms"), acknowledged(session, prefix));
      return session;
    });
  }
}

package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.missedcall.loadtests.Correctness.Sent.Kind;
import com.missedcall.twiliosim.TwilioPayloads;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Retry storm: every missed-call webhook is delivered three times at once. The feeder hands the same
 * signed request to three consecutive virtual users, injected a fraction of a millisecond apart.
 * Exactly one text per missed call must come out.
 */
public class RetryStormSimulation extends Simulation {
  static final int SCENARIO = 2;
  static final int DELIVERIES = 3;
  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final SignedWebhooks webhooks = new SignedWebhooks(settings, SCENARIO);
  private final WebhookOutcomes outcomes = new WebhookOutcomes();

  private final Iterator<Map<String, Object>> feeder = Stream.generate(() -> {
    long n = webhooks.next();
    Map<String, String> params = TwilioPayloads.callStatus(settings.accountSid(), webhooks.newCallSid(),
        webhooks.caller(n), settings.forwardingNumber((int) n), "completed", 3);
    Map<String, Object> record = webhooks.record("/twilio/voice/status", params);
    return Stream.generate(() -> record).limit(DELIVERIES);
  }).flatMap(s -> s).iterator();

  private final ScenarioBuilder storm = scenario("retry storm").feed(feeder)
      .exec(Webhooks.post("delivery", ""))
      .exec(outcomes.track("", Kind.MISSED));

  {
    setUp(Webhooks.population(storm, settings, settings.rate()))
        .protocols(Webhooks.protocol(settings))
        .assertions(global().failedRequests().percent().lte(0.1));
  }

  /** A call counts as acknowledged when any of its deliveries was: Twilio stops retrying at the first 2xx. */
  @Override
  public void after() {
    SignedWebhooks.writeExpectations(settings, "retry-storm", Map.of("scenario", "retry storm",
        "callerPrefix", SignedWebhooks.callerPrefix(SCENARIO), "outcomes", outcomes.write(settings, "retry-storm"),
        "missedCalls", outcomes.posted(Kind.MISSED),
        "acknowledgedCalls", outcomes.acknowledged(Kind.MISSED)));
  }
}

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
 * Missed-call burst: signed final status callbacks of forwarded calls (each one a missed call), unique
 * CallSids and callers spread over every workspace, ramping to the target rate and holding it.
 */
public class MissedCallBurstSimulation extends Simulation {
  /** {@code -Dscenario=N} and {@code -Dexpect=name} let a second burst run (the latency run) count its own callers. */
  static final int SCENARIO = Integer.getInteger("scenario", 1);
  static final String EXPECT = System.getProperty("expect", "burst");
  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final SignedWebhooks webhooks = new SignedWebhooks(settings, SCENARIO);
  private final WebhookOutcomes outcomes = new WebhookOutcomes();

  private final Iterator<Map<String, Object>> feeder = Stream.generate(() -> {
    long n = webhooks.next();
    Map<String, String> params = TwilioPayloads.callStatus(settings.accountSid(), webhooks.newCallSid(),
        webhooks.caller(n), settings.forwardingNumber((int) n), "completed", 3);
    return webhooks.record("/twilio/voice/status", params);
  }).iterator();

  private final ScenarioBuilder burst = scenario("missed-call burst").feed(feeder)
      .exec(Webhooks.post("missed call", ""))
      .exec(outcomes.track("", Kind.MISSED));

  {
    setUp(Webhooks.population(burst, settings, settings.rate()))
        .protocols(Webhooks.protocol(settings))
        .assertions(
            global().failedRequests().percent().lte(0.1),
            global().responseTime().percentile(99.0).lt(settings.p99Ms()));
  }

  /** Every caller is new: each acknowledged call must end as one lead and one text-back. */
  @Override
  public void after() {
    SignedWebhooks.writeExpectations(settings, EXPECT, Map.of("scenario", "missed-call burst",
        "callerPrefix", SignedWebhooks.callerPrefix(SCENARIO), "outcomes", outcomes.write(settings, EXPECT),
        "missedCalls", outcomes.posted(Kind.MISSED),
        "acknowledgedCalls", outcomes.acknowledged(Kind.MISSED)));
  }
}

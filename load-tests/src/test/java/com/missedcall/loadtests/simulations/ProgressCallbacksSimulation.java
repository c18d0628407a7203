package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.missedcall.twiliosim.TwilioPayloads;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Status callbacks that need no recovery (a forwarded call still ringing or in progress): signed,
 * parsed, resolved and classified, nothing written. The benchmark runs it at maximum throughput against
 * the gateway and against the ceiling server, and reports the ratio.
 */
public class ProgressCallbacksSimulation extends Simulation {
  static final int SCENARIO = 5;
  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final SignedWebhooks webhooks = new SignedWebhooks(settings, SCENARIO);

  private final Iterator<Map<String, Object>> feeder = Stream.generate(() -> {
    long n = webhooks.next();
    Map<String, String> params = TwilioPayloads.callStatus(settings.accountSid(), webhooks.newCallSid(),
        webhooks.caller(n), settings.forwardingNumber((int) n), n % 2 == 0 ? "ringing" : "in-progress", 1);
    return webhooks.record("/twilio/voice/status", params);
  }).iterator();

  private final ScenarioBuilder progress = scenario("status callbacks").feed(feeder)
      .exec(Webhooks.post("progress callback", ""));

  {
    setUp(Webhooks.population(progress, settings, settings.rate()))
        .protocols(Webhooks.protocol(settings))
        .assertions(global().failedRequests().percent().lte(0.1));
  }
}

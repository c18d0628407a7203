package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.missedcall.loadtests.Correctness.Sent.Kind;
import com.missedcall.twiliosim.TwilioPayloads;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Repeat callers: a small population of callers calls again and again, so most calls land inside the
 * caller's duplicate window (seeded short, see bench.sh) and some after it. The benchmark checks that
 * no caller got two texts inside one window and that every call is stored.
 */
public class RepeatCallersSimulation extends Simulation {
  static final int SCENARIO = 3;
  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final SignedWebhooks webhooks = new SignedWebhooks(settings, SCENARIO);
  private final WebhookOutcomes outcomes = new WebhookOutcomes();
  private final int callers = Integer.parseInt(System.getProperty("repeatCallers", "200"));

  private final Iterator<Map<String, Object>> feeder = Stream.generate(() -> {
    int who = ThreadLocalRandom.current().nextInt(callers);
    Map<String, String> params = TwilioPayloads.callStatus(settings.accountSid(), webhooks.newCallSid(),
        webhooks.caller(who), settings.forwardingNumber(who), "completed", 3);
    return webhooks.record("/twilio/voice/status", params);
  }).iterator();

  private final ScenarioBuilder repeat = scenario("repeat callers").feed(feeder)
      .exec(Webhooks.post("repeat call", ""))
      .exec(outcomes.track("", Kind.MISSED));

  {
    setUp(Webhooks.population(repeat, settings, settings.rate() / 4))
        .protocols(Webhooks.protocol(settings))
        .assertions(global().failedRequests().percent().lte(0.1));
  }

  /** Which calls are texted depends on each caller's window, so the report checks the window, not a count. */
  @Override
  public void after() {
    SignedWebhooks.writeExpectations(settings, "repeat-callers", Map.of("scenario", "repeat callers",
        "callerPrefix", SignedWebhooks.callerPrefix(SCENARIO), "outcomes", outcomes.write(settings, "repeat-callers"),
        "missedCalls", outcomes.posted(Kind.MISSED),
        "acknowledgedCalls", outcomes.acknowledged(Kind.MISSED),
        "distinctCallers", callers, "duplicateWindow", true));
  }
}

package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.missedcall.twiliosim.TwilioPayloads;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic mix on direct-mode numbers, one virtual user per call, in Twilio's order: the incoming
 * call (answered with {@code <Dial>}), the dialled leg's progress callbacks (child legs: nothing to
 * record), the {@code <Dial>} action (no-answer for a miss, completed when the business picked up), and
 * the parent call's final status. Message status callbacks come from the Twilio simulator itself, as
 * Twilio would send them after each text-back. A share of {@code answeredShare} calls is answered.
 */
public class RealisticMixSimulation extends Simulation {
  static final int SCENARIO = 4;
  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final SignedWebhooks webhooks = new SignedWebhooks(settings, SCENARIO);
  private final double answeredShare = Double.parseDouble(System.getProperty("answeredShare", "0.3"));
  private final AtomicLong missed = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();

  private Map<String, Object> call() {
    long n = webhooks.next();
    String callSid = webhooks.newCallSid();
    String childSid = TwilioPayloads.newCallSid();
    String caller = webhooks.caller(n);
    String number = settings.directNumber((int) n);
    String business = "+1555999" + String.format("%04d", n % 10_000);
    boolean pickedUp = ThreadLocalRandom.current().nextDouble() < answeredShare;
    (pickedUp ? answered : missed).incrementAndGet();
    String ac = settings.accountSid();
    Map<String, Object> session = new HashMap<>();
    put(session, "in_", webhooks.record("/twilio/voice/incoming", TwilioPayloads.incomingCall(ac, callSid, caller, number)));
    put(session, "ring_", webhooks.record("/twilio/voice/status", child(ac, childSid, callSid, number, business, "ringing", 1)));
    put(session, "prog_", webhooks.record("/twilio/voice/status",
        child(ac, childSid, callSid, number, business, pickedUp ? "in-progress" : "no-answer", 2)));
    put(session, "dial_", webhooks.record("/twilio/voice/dial-action",
        TwilioPayloads.dialAction(ac, callSid, caller, number, pickedUp ? "completed" : "no-answer")));
    put(session, "end_", webhooks.record("/twilio/voice/status",
        TwilioPayloads.callStatus(ac, callSid, caller, number, "completed", 4)));
    return session;
  }

  private static Map<String, String> child(String ac, String childSid, String parentSid, String from, String to,
                                           String status, int sequence) {
    Map<String, String> p = TwilioPayloads.callStatus(ac, childSid, from, to, status, sequence);
    p.put("ParentCallSid", parentSid);
    p.put("Direction", "outbound-dial");
    return p;
  }

  private static void put(Map<String, Object> session, String prefix, Map<String, Object> record) {
    record.forEach((k, v) -> session.put(prefix + k, v));
  }

  private final ScenarioBuilder mix = scenario("realistic mix")
      .feed(java.util.stream.Stream.generate(this::call).iterator())
      .exec(Webhooks.post("incoming call", "in_"))
      .exec(Webhooks.post("child ringing", "ring_"))
      .exec(Webhooks.post("child final", "prog_"))
      .exec(Webhooks.post("dial action", "dial_"))
      .exec(Webhooks.post("parent completed", "end_"));

  {
    setUp(Webhooks.population(mix, settings, settings.rate() / 5))
        .protocols(Webhooks.protocol(settings))
        .assertions(
            global().failedRequests().percent().lte(0.1),
            global().responseTime().percentile(99.0).lt(settings.p99Ms()));
  }

  @Override
  public void after() {
    SignedWebhooks.writeExpectations(settings, "realistic-mix", Map.of("scenario", "realistic mix",
        "callerPrefix", SignedWebhooks.callerPrefix(SCENARIO), "missedCalls", missed.get(),
        "answeredCalls", answered.get(), "distinctCallers", missed.get() + answered.get(),
        "expectedSms", missed.get()));
  }
}

package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.missedcall.loadtests.Correctness.Sent.Kind;
import com.missedcall.twiliosim.TwilioPayloads;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Realistic mix on direct-mode numbers, one virtual user per call, in Twilio's order: the incoming
 * call (answered with {@code <Dial>}), the dialled leg's progress callbacks (child legs: nothing to
 * record), the {@code <Dial>} action (no-answer for a miss, completed when the business picked up; the
 * webhook that decides the call), and the parent call's final status. A share of {@code answeredShare}
 * calls is answered. Message status callbacks come from the Twilio simulator itself, as Twilio would
 * send them after each text-back. A share of {@code replyShare} missed callers whose call was
 * acknowledged (they got a text-back) answer it a second or two later with a plain text, which the
 * gateway stores and the intake script answers.
 * <p>With {@code -DapiKey} the {@link DashboardReaders} read the admin API alongside, each request under
 * its own name; the webhooks' own response times are then written to the expectations, because
 * Gatling's summary pools both.
 */
public class RealisticMixSimulation extends Simulation {
  static final int SCENARIO = 4;
  static final String EXPECT = "realistic-mix";
  /** Ordinary replies: no STOP/START/HELP keyword, no emergency word (those take other paths). */
  private static final List<String> REPLIES = List.of("Leaking pipe under the sink",
      "Water heater is making a strange noise", "Can someone come by tomorrow morning?",
      "Need a quote for replacing the kitchen faucet", "Toilet keeps running, not urgent");
  /** Every call makes these (the caller's reply depends on the share and on the call being acknowledged). */
  private static final List<String> CALL_WEBHOOKS =
      List.of("incoming call", "child ringing", "child final", "dial action", "parent completed");
  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final SignedWebhooks webhooks = new SignedWebhooks(settings, SCENARIO);
  private final double answeredShare = Double.parseDouble(System.getProperty("answeredShare", "0.3"));
  private final double replyShare = Double.parseDouble(System.getProperty("replyShare", "0.3"));
  private final WebhookOutcomes outcomes = new WebhookOutcomes();
  private final ResponseTimes webhookTimes = new ResponseTimes();
  private final Optional<DashboardReaders> readers = DashboardReaders.fromSystemProperties(settings);

  private Map<String, Object> call() {
    long n = webhooks.next();
    String callSid = webhooks.newCallSid();
    String childSid = TwilioPayloads.newCallSid();
    String caller = webhooks.caller(n);
    String number = settings.directNumber((int) n);
    String business = "+1555999" + String.format("%04d", n % 10_000);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean pickedUp = random.nextDouble() < answeredShare;
    String ac = settings.accountSid();
    Map<String, Object> session = new HashMap<>();
    put(session, "in_", webhooks.record("/twilio/voice/incoming", TwilioPayloads.incomingCall(ac, callSid, caller, number)));
    put(session, "ring_", webhooks.record("/twilio/voice/status", child(ac, childSid, callSid, number, business, "ringing", 1)));
    put(session, "prog_", webhooks.record("/twilio/voice/status",
        child(ac, childSid, callSid, number, business, pickedUp ? "in-progress" : "no-answer", 2)));
    put(session, "dial_", webhooks.record("/twilio/voice/dial-action",
        TwilioPayloads.dialAction(ac, callSid, caller, number, pickedUp ? "completed" : "no-answer")));
    session.put("dial_kind", (pickedUp ? Kind.ANSWERED : Kind.MISSED).name());
    put(session, "end_", webhooks.record("/twilio/voice/status",
        TwilioPayloads.callStatus(ac, callSid, caller, number, "completed", 4)));
    if (!pickedUp && random.nextDouble() < replyShare) {
      put(session, "reply_", webhooks.record("/twilio/sms/inbound", TwilioPayloads.inboundSms(ac,
          TwilioPayloads.newMessageSid(), caller, number, REPLIES.get(random.nextInt(REPLIES.size())))));
    }
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
      .feed(Stream.generate(this::call).iterator())
      .exec(Webhooks.post("incoming call", "in_"), Webhooks.timed("in_", webhookTimes))
      .exec(Webhooks.post("child ringing", "ring_"), Webhooks.timed("ring_", webhookTimes))
      .exec(Webhooks.post("child final", "prog_"), Webhooks.timed("prog_", webhookTimes))
      .exec(Webhooks.post("dial action", "dial_"), Webhooks.timed("dial_", webhookTimes))
      .exec(outcomes.track("dial_", "dial_kind"))
      .exec(Webhooks.post("parent completed", "end_"), Webhooks.timed("end_", webhookTimes))
      // the caller reads the text-back and answers it; one who got none (a refused call) has nothing to answer
      .doIf(session -> session.contains("reply_path") && Webhooks.acknowledged(session, "dial_")).then(
          pause(Duration.ofSeconds(1), Duration.ofSeconds(2))
              .exec(Webhooks.post("caller reply", "reply_"), Webhooks.timed("reply_", webhookTimes))
              .exec(outcomes.track("reply_", Kind.REPLY)));

  {
    List<PopulationBuilder> populations = new ArrayList<>();
    populations.add(Webhooks.population(mix, settings, settings.rate() / 5).protocols(Webhooks.protocol(settings)));
    List<Assertion> assertions = new ArrayList<>();
    if (readers.isPresent()) {
      populations.add(readers.get().population());
      // global figures would mix the readers in: failures per request name, and each call webhook held
      // to the webhook threshold, the readers' pages to theirs
      assertions.add(forAll().failedRequests().percent().lte(0.1));
      for (String name : CALL_WEBHOOKS) {
        assertions.add(details(name).responseTime().percentile(99.0).lt(settings.p99Ms()));
      }
      assertions.addAll(readers.get().assertions());
    } else {
      assertions.add(global().failedRequests().percent().lte(0.1));
      assertions.add(global().responseTime().percentile(99.0).lt(settings.p99Ms()));
    }
    setUp(populations).assertions(assertions);
  }

  @Override
  public void before() {
    readers.ifPresent(DashboardReaders::loadStarts);
  }

  /**
   * Each acknowledged missed call must end as one lead and one text-back, each acknowledged reply as one
   * stored inbound message; answered calls are decided but not texted.
   */
  @Override
  public void after() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("scenario", "realistic mix");
    expected.put("callerPrefix", SignedWebhooks.callerPrefix(SCENARIO));
    expected.put("outcomes", outcomes.write(settings, EXPECT));
    expected.put("missedCalls", outcomes.posted(Kind.MISSED));
    expected.put("answeredCalls", outcomes.posted(Kind.ANSWERED));
    expected.put("acknowledgedCalls", outcomes.acknowledged(Kind.MISSED)
        + outcomes.acknowledged(Kind.ANSWERED));
    expected.put("repliesSent", outcomes.posted(Kind.REPLY));
    expected.put("repliesAcknowledged", outcomes.acknowledged(Kind.REPLY));
    expected.putAll(webhookTimes.summary("webhook"));
    readers.ifPresent(r -> expected.putAll(r.times().summary("dashboard")));
    SignedWebhooks.writeExpectations(settings, EXPECT, expected);
  }
}

package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A fake Twilio REST API (Messages) on a real HTTP port: records what it accepts, fires signed
 * webhooks, and injects faults. Start one per test, or run {@link SimulatorMain} standalone.
 *
 * <pre>{@code
 * TwilioSimulator sim = TwilioSimulator.start(vertx, new SimulatorOptions()).await();
 * sim.addAccount("AC...", "token");
 * sim.faults().failNext(1, Fault.status(503, 20503));
 * }</pre>
 */
public final class TwilioSimulator {

  private static final long POLL_MS = 10;

  private final Vertx vertx;
  private final SimulatorState state;
  private final WebhookClient webhooks;
  private final String deploymentId;
  private final String host;
  private final int port;

  private TwilioSimulator(
      Vertx vertx, SimulatorState state, WebhookClient webhooks, String deploymentId, String host, int port) {
    this.vertx = vertx;
    this.state = state;
    this.webhooks = webhooks;
    this.deploymentId = deploymentId;
    this.host = host;
    this.port = port;
  }

  public static Future<TwilioSimulator> start(Vertx vertx, SimulatorOptions options) {
    Objects.requireNonNull(options, "options");
    SimulatorState state = SimulatorState.empty(options.autoStatusCallbacks());
    WebhookClient webhooks = WebhookClient.create(vertx, state.dropWebhooks());
    SimulatorVerticle verticle = new SimulatorVerticle(options, state, webhooks);
    String reachableHost = "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
    return vertx.deployVerticle(verticle)
        .map(id -> new TwilioSimulator(vertx, state, webhooks, id, reachableHost, verticle.actualPort()))
        .onFailure(failure -> webhooks.close());
  }

  public Future<Void> stop() {
    return vertx.undeploy(deploymentId).eventually(() -> {
      webhooks.close();
      return Future.succeededFuture();
    });
  }

  public int port() {
    return port;
  }

  /** e.g. {@code http://127.0.0.1:43117}; point the Twilio client's base URL here. */
  public String baseUrl() {
    return "http://" + host + ":" + port;
  }

  public TwilioSimulator addAccount(String accountSid, String authToken) {
    state.accounts().add(accountSid, authToken);
    return this;
  }

  /**
   * Puts a phone number on an account: the IncomingPhoneNumbers list of every other account no longer
   * shows it. A number placed on no account is listed for any account that asks.
   */
  public TwilioSimulator placeNumber(String accountSid, String phoneNumber) {
    state.accounts().placeNumber(accountSid, phoneNumber);
    return this;
  }

  /**
   * Verifies {@code phoneNumber} as an outgoing caller ID of the account (as the Twilio console does after its
   * verification call): the Calls API then places calls from it, and {@code OutgoingCallerIds.json} lists it.
   */
  public TwilioSimulator verifyCallerId(String accountSid, String phoneNumber) {
    state.accounts().verifyCallerId(accountSid, phoneNumber);
    return this;
  }

  /** Every phone counts as a verified caller ID of every account (a demo, where nobody can verify a phone). */
  public TwilioSimulator verifyAllCallerIds() {
    state.accounts().verifyAllCallerIds();
    return this;
  }

  /**
   * Configures {@code phoneNumber}'s Voice URL and status callback, as on a number at Twilio: a call the Calls API
   * places to it comes in there, as a caller's call from the call's {@code From}.
   */
  public TwilioSimulator routeNumber(String phoneNumber, String voiceUrl, String statusCallback) {
    state.accounts().routeNumber(phoneNumber, new AccountRegistry.VoiceRoute(voiceUrl, statusCallback));
    return this;
  }

  /** The same for every number without a route of its own (the embedded default: all numbers are the gateway's). */
  public TwilioSimulator routeOtherNumbers(String voiceUrl, String statusCallback) {
    state.accounts().routeOtherNumbers(new AccountRegistry.VoiceRoute(voiceUrl, statusCallback));
    return this;
  }

  /** Callers' calls and texts to the accounts' numbers: recorded here, and announced by webhook. */
  public InboundTraffic inbound() {
    return new InboundTraffic(state, webhooks);
  }

  /**
   * While on, the simulator delivers no webhook at all (status callbacks, inbound traffic, {@link #webhooks()}):
   * the gateway never hears of what happened, as when Twilio's request is lost. Off by default.
   */
  public TwilioSimulator dropWebhooks(boolean drop) {
    state.dropWebhooks().set(drop);
    return this;
  }

  /** Simulated call flows ({@code POST /_sim/calls}, REST-created calls) and what happened on each. */
  public VoiceCalls voiceCalls() {
    return state.voiceCalls();
  }

  /** Call-create requests ({@code POST .../Calls.json}) received, answered or not (faults included). */
  public int callCreateRequests() {
    return state.callCreateRequests().get();
  }

  /** Calls created through the Calls API ({@code outbound-api}) to {@code to}, as the Calls resource lists them. */
  public long outboundCallsTo(String to) {
    return state.calls().newestFirst(c -> "outbound-api".equals(c.direction()) && to.equals(c.to())).size();
  }

  public Faults faults() {
    return state.faults();
  }

  /** Signs and posts webhooks (to the gateway), with the simulator's HTTP client. */
  public WebhookClient webhooks() {
    return webhooks;
  }

  /** Accepted messages, oldest first. */
  public List<SentMessage> messages() {
    return state.store().messages(m -> true);
  }

  public List<SentMessage> messagesTo(String to) {
    return state.store().messages(m -> m.to().equals(to));
  }

  /** Message-create requests that passed authentication, including faulted and rejected ones. */
  public int requestCount() {
    return state.store().requestCount();
  }

  /** Forgets recorded messages and request counts and clears all faults; accounts stay. */
  public void reset() {
    state.reset();
  }

  /**
   * Completes with {@link #messages()} once at least {@code count} messages were accepted, or
   * fails after {@code timeout}. Polls on a Vert.x timer, so it never blocks.
   */
  public Future<List<SentMessage>> awaitMessages(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return poll(count, deadline);
  }

  private Future<List<SentMessage>> poll(int count, long deadlineNanos) {
    if (state.store().acceptedCount() >= count) {
      return Future.succeededFuture(messages());
    }
    if (System.nanoTime() > deadlineNanos) {
      return Future.failedFuture(new IllegalStateException(
          "Expected " + count + " messages, got " + state.store().acceptedCount()));
    }
    return vertx.timer(POLL_MS).compose(ignored -> poll(count, deadlineNanos));
  }
}

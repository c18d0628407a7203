package com.missedcall.loadtests.load;

import com.missedcall.twiliosim.FormEncoding;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.TwilioSignature;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * The webhooks the load generator sends, built and signed as the Gatling suite's SignedWebhooks does
 * (same CallSid, caller and number conventions, so the bench's checks count them the same way):
 * <ul>
 *   <li>{@link Kind#MISSED}: the final status callback ({@code completed}) of a forwarded call, i.e. a
 *   missed call, each with a new CallSid and a new caller {@code +160<scenario>NNNNNNN};</li>
 *   <li>{@link Kind#PROGRESS}: {@code ringing}/{@code in-progress} callbacks that need no recovery; a
 *   ring of them is signed ahead and reused, so signing costs the generator nothing at high rates.</li>
 * </ul>
 * Signed exactly as Twilio signs: the public URL plus the sorted parameters, HMAC-SHA1 with the token.
 */
public final class WebhookSource {
  public enum Kind { MISSED, PROGRESS }

  static final String PATH = "/twilio/voice/status";
  private static final int PROGRESS_RING = 4096;

  private final Kind kind;
  private final String accountSid;
  private final String authToken;
  private final String signedBase;
  private final int workspaces;
  private final int scenario;
  private final String nonce;
  private final long offset;
  private final Webhook[] ring;

  /**
   * {@code scenario} (1..9) keeps each run's callers apart in one database; {@code runId} keeps its
   * CallSids apart from any earlier run's.
   */
  public WebhookSource(Kind kind, String accountSid, String authToken, String signedBase, int workspaces,
                       int scenario, String runId) {
    this(kind, accountSid, authToken, signedBase, workspaces, scenario, runId, 0);
  }

  /** As above, numbering callers from {@code offset} (a warm-up run keeps clear of the measured run's callers). */
  public WebhookSource(Kind kind, String accountSid, String authToken, String signedBase, int workspaces,
                       int scenario, String runId, long offset) {
    if (scenario < 1 || scenario > 9) {
      throw new IllegalArgumentException("scenario must be 1..9, got " + scenario);
    }
    this.kind = kind;
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.signedBase = signedBase.endsWith("/") ? signedBase.substring(0, signedBase.length() - 1) : signedBase;
    this.workspaces = workspaces;
    this.scenario = scenario;
    this.nonce = String.format("%08x", runId.hashCode());
    this.offset = offset;
    this.ring = kind == Kind.PROGRESS ? progressRing() : null;
  }

  public Kind kind() {
    return kind;
  }

  /** The callers' common prefix, for the checks ({@code +1 60 <scenario>}). */
  public String callerPrefix() {
    return "+160" + scenario;
  }

  /** The {@code n}-th webhook of the run (n from 0). */
  public Webhook get(long n) {
    return kind == Kind.PROGRESS ? ring[(int) (n % PROGRESS_RING)] : build(n + offset, "completed", 3);
  }

  private Webhook[] progressRing() {
    Webhook[] all = new Webhook[PROGRESS_RING];
    for (int i = 0; i < PROGRESS_RING; i++) {
      all[i] = build(i, i % 2 == 0 ? "ringing" : "in-progress", 1);
    }
    return all;
  }

  private Webhook build(long n, String status, int sequenceNumber) {
    String callSid = "CA" + scenario + nonce + String.format("%023x", n + 1);
    String caller = callerPrefix() + String.format("%07d", n % 10_000_000);
    String called = "+1555200" + String.format("%04d", n % workspaces);
    Map<String, String> params = TwilioPayloads.callStatus(accountSid, callSid, caller, called, status, sequenceNumber);
    String signature = TwilioSignature.signSingleValued(authToken, signedBase + PATH, params);
    return new Webhook(PATH, Buffer.buffer(FormEncoding.encode(params)), signature, callSid, caller);
  }
}

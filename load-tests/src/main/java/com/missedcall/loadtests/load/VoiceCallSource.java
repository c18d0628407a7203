package com.missedcall.loadtests.load;

import com.missedcall.twiliosim.FormEncoding;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.TwilioSignature;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The webhooks of the bench's voice-recovery calls, signed as Twilio signs them: call {@code n} rings a direct-mode
 * voice number {@code +1555400NNNN} (seeded by {@code VoiceSeed}), the business does not answer, voice recovery
 * answers the {@code <Dial>} action with its greeting, the caller answers each {@code <Gather>} with the scripted
 * words of {@link #SCRIPT}, and the call's final status callback ends it. Each caller is new
 * ({@code +1610NNNNNNN}) and says its own job token ({@code job NNNNNNN}, the caller's last seven digits) in every
 * turn, so the checks can tell a turn stored on the wrong call. The action URLs are taken from the gateway's TwiML
 * (as Twilio follows them) and signed as given.
 */
public final class VoiceCallSource {
  /** The caller's answers to the voice intake script: need, address, urgency, best callback time. */
  public static final List<String> SCRIPT = List.of(
      "My kitchen tap is dripping, job %s",
      "12 Main Street, Springfield, job %s",
      "Today if possible, job %s",
      "After 5 pm, job %s");
  public static final String CALLER_PREFIX = "+1610";
  public static final String NUMBER_PREFIX = "+1555400";
  static final String INCOMING = "/twilio/voice/incoming";
  static final String STATUS = "/twilio/voice/status";
  private static final Pattern DIAL_ACTION = Pattern.compile("<Dial\\b[^>]*\\baction=\"([^\"]+)\"");
  private static final Pattern GATHER_ACTION = Pattern.compile("<Gather\\b[^>]*\\baction=\"([^\"]+)\"");

  /** One call of the run: its CallSid, caller, called number and token. */
  public record Call(long n, String sid, String caller, String called, String token) {}

  private final String accountSid;
  private final String authToken;
  private final String signedBase;
  private final int numbers;
  private final String nonce;

  /** {@code numbers}: how many voice numbers the calls spread over; {@code runId} keeps CallSids apart between runs. */
  public VoiceCallSource(String accountSid, String authToken, String signedBase, int numbers, String runId) {
    if (numbers < 1 || numbers > 10_000) {
      throw new IllegalArgumentException("voice numbers must be 1..10000, got " + numbers);
    }
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.signedBase = signedBase.endsWith("/") ? signedBase.substring(0, signedBase.length() - 1) : signedBase;
    this.numbers = numbers;
    this.nonce = String.format("%08x", runId.hashCode());
  }

  public String callerPrefix() {
    return CALLER_PREFIX;
  }

  /** Caller turns in each call. */
  public int turns() {
    return SCRIPT.size();
  }

  public Call call(long n) {
    String token = String.format("%07d", n % 10_000_000);
    return new Call(n, "CA0" + nonce + String.format("%023x", n + 1), CALLER_PREFIX + token,
        NUMBER_PREFIX + String.format("%04d", n % numbers), token);
  }

  /** "A call comes in" on the voice number. */
  public Webhook incoming(Call c) {
    return signed(signedBase + INCOMING, TwilioPayloads.incomingCall(accountSid, c.sid(), c.caller(), c.called()), c);
  }

  /** The {@code <Dial>} action: the business did not answer. */
  public Webhook dialNoAnswer(Call c, String actionUrl) {
    return signed(actionUrl, TwilioPayloads.dialAction(accountSid, c.sid(), c.caller(), c.called(), "no-answer"), c);
  }

  /** The caller's answer to turn {@code turn} (1-based) at the {@code <Gather>} action. */
  public Webhook turn(Call c, int turn, String actionUrl) {
    Map<String, String> params = TwilioPayloads.incomingCall(accountSid, c.sid(), c.caller(), c.called());
    params.put("CallStatus", "in-progress");
    params.put("SpeechResult", words(c, turn));
    params.put("Confidence", "0.92");
    return signed(actionUrl, params, c);
  }

  /** The call's final status callback. */
  public Webhook ended(Call c) {
    Map<String, String> params = TwilioPayloads.callStatus(accountSid, c.sid(), c.caller(), c.called(), "completed", 5);
    params.put("CallDuration", "48");
    return signed(signedBase + STATUS, params, c);
  }

  /** What the caller says at turn {@code turn} (1-based). */
  public static String words(Call c, int turn) {
    return String.format(SCRIPT.get(turn - 1), c.token());
  }

  /** The {@code <Dial action>} in a TwiML answer, or null. */
  public static String dialAction(String twiml) {
    return attribute(DIAL_ACTION, twiml);
  }

  /** The {@code <Gather action>} in a TwiML answer, or null (the answer ends the call). */
  public static String gatherAction(String twiml) {
    return attribute(GATHER_ACTION, twiml);
  }

  public static boolean hangsUp(String twiml) {
    return twiml != null && twiml.contains("<Hangup");
  }

  private static String attribute(Pattern p, String twiml) {
    if (twiml == null) {
      return null;
    }
    Matcher m = p.matcher(twiml);
    return m.find() ? m.group(1).replace("&amp;", "&") : null;
  }

  private Webhook signed(String url, Map<String, String> params, Call c) {
    URI uri = URI.create(url);
    String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    String signature = TwilioSignature.signSingleValued(authToken, url, params);
    return new Webhook(path, Buffer.buffer(FormEncoding.encode(params)), signature, c.sid(), c.caller());
  }
}

package com.missedcall.loadtests.simulations;

import com.missedcall.twiliosim.FormEncoding;
import com.missedcall.twiliosim.TwilioSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds signed Twilio webhooks for the feeders: unique CallSids and callers per scenario, signed
 * exactly as Twilio signs them (the public URL plus the sorted parameters, HMAC-SHA1 with the token).
 */
public final class SignedWebhooks {
  private final LoadSettings settings;
  private final int scenario;
  private final AtomicLong sequence = new AtomicLong();
  private final String nonce;

  /** {@code scenario} (1..9) keeps each scenario's callers and CallSids apart in one database. */
  public SignedWebhooks(LoadSettings settings, int scenario) {
    this.settings = settings;
    this.scenario = scenario;
    this.nonce = String.format("%08x", settings.runId().hashCode());
  }

  public String newCallSid() {
    return "CA" + scenario + nonce + String.format("%023x", sequence.incrementAndGet());
  }

  /** Callers of one scenario share the prefix {@code +1<6scenario>} so the checks can count them. */
  public String caller(long n) {
    return callerPrefix(scenario) + String.format("%07d", n % 10_000_000);
  }

  public static String callerPrefix(int scenario) {
    return "+160" + scenario;
  }

  public long next() {
    return sequence.get();
  }

  /**
   * A feeder record: the path, form body and signature of one webhook, plus its {@code sid} (CallSid or
   * MessageSid) and {@code from} so {@link WebhookOutcomes} can say which calls and texts were acknowledged.
   */
  public Map<String, Object> record(String path, Map<String, String> params) {
    Map<String, Object> r = new HashMap<>();
    r.put("path", path);
    r.put("body", FormEncoding.encode(params));
    r.put("signature", TwilioSignature.signSingleValued(settings.authToken(), settings.signedBaseUrl() + path, params));
    r.put("sid", params.containsKey("CallSid") ? params.get("CallSid") : params.get("MessageSid"));
    r.put("from", params.get("From"));
    return r;
  }

  /** Writes what was sent, for the benchmark's correctness checks. */
  public static void writeExpectations(LoadSettings settings, String name, Map<String, Object> values) {
    try {
      Path dir = Path.of(settings.runDir());
      Files.createDirectories(dir);
      StringBuilder json = new StringBuilder("{");
      values.forEach((k, v) -> json.append('"').append(k).append("\":")
          .append(v instanceof Number || v instanceof Boolean ? v.toString() : "\"" + v + "\"").append(','));
      json.setCharAt(json.length() - 1, '}');
      Files.writeString(dir.resolve(name + ".expected.json"), json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

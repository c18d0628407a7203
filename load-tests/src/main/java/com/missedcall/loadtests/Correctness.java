package com.missedcall.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's correctness checks for one scenario, from what the simulation sent (and which of it
 * the gateway acknowledged), what Postgres decided and stored, and which text-backs reached the
 * simulator.
 * <ul>
 *   <li><b>shed</b>: calls the gateway refused (503, or no answer). Twilio retries those; nothing was
 *   promised, so they are neither expected nor lost.</li>
 *   <li><b>lost</b>: a call acknowledged (2xx) but not decided in Postgres, a call decided "texted"
 *   whose text never reached the simulator, or an acknowledged inbound text that is not stored.</li>
 *   <li>leads and text-backs are expected for the acknowledged missed calls (every caller is new), or,
 *   with repeat callers, for every call the duplicate window let through.</li>
 *   <li><b>duplicates</b>: text-backs to a caller beyond the calls decided "texted" for them, and with
 *   repeat callers two texted calls inside one duplicate window; an inbound text stored twice.</li>
 * </ul>
 */
public final class Correctness {

  /**
   * One tracked webhook in the simulation's outcomes file (written by the simulations'
   * WebhookOutcomes), a line of {@code kind sid caller acknowledged(0|1)}.
   */
  public record Sent(Kind kind, String sid, String caller, boolean acknowledged) {
    /** What the webhook stands for: a text-back is owed only for a missed call. */
    public enum Kind { MISSED, ANSWERED, REPLY }

    public String line() {
      return kind.name().toLowerCase() + '\t' + sid + '\t' + caller + '\t' + (acknowledged ? 1 : 0) + '\n';
    }

    public static List<Sent> read(Path tsv) throws IOException {
      List<Sent> all = new ArrayList<>();
      for (String line : Files.readAllLines(tsv)) {
        String[] f = line.split("\t");
        if (f.length == 4) {
          all.add(new Sent(Kind.valueOf(f[0].toUpperCase()), f[1], f[2], "1".equals(f[3])));
        }
      }
      return all;
    }
  }

  /** A call as Postgres has it. */
  public record Call(String caller, String decision, String reason) {
    boolean decided() {
      return !"pending".equals(decision);
    }

    boolean texted() {
      return "texted".equals(reason);
    }
  }

  /** What the scenario's callers have in Postgres and on the simulator. */
  public record Observed(Map<String, Call> callsBySid, Set<String> leadCallers, Map<String, Long> textBacksByCaller,
                         long windowViolations, Map<String, String> inboundCallerBySid) {}

  private final List<Sent> sent;
  private final Observed seen;
  private final boolean duplicateWindow;

  /** {@code duplicateWindow}: repeat callers, where the window (not a count) says which calls are texted. */
  public Correctness(List<Sent> sent, Observed seen, boolean duplicateWindow) {
    this.sent = sent;
    this.seen = seen;
    this.duplicateWindow = duplicateWindow;
  }

  /** The counts, in the order they appear in the JSON record. */
  public Map<String, Long> counts() {
    List<Sent> calls = sent.stream().filter(s -> s.kind() != Sent.Kind.REPLY).toList();
    List<Sent> acknowledged = calls.stream().filter(Sent::acknowledged).toList();
    List<Sent> acknowledgedMissed = acknowledged.stream().filter(s -> s.kind() == Sent.Kind.MISSED).toList();
    long undecided = acknowledged.stream().filter(s -> !decided(s.sid())).count();
    Map<String, Long> texted = new HashMap<>();
    seen.callsBySid().values().stream().filter(Call::texted).forEach(c -> texted.merge(c.caller(), 1L, Long::sum));
    Map<String, Long> received = seen.textBacksByCaller();
    long untexted = texted.entrySet().stream()
        .mapToLong(e -> Math.max(0, e.getValue() - received.getOrDefault(e.getKey(), 0L))).sum();
    long extra = received.entrySet().stream()
        .mapToLong(e -> Math.max(0, e.getValue() - texted.getOrDefault(e.getKey(), 0L))).sum();
    Set<String> expectedLeads = new HashSet<>();
    acknowledgedMissed.forEach(s -> expectedLeads.add(s.caller()));
    long smsExpected;
    long sms;
    if (duplicateWindow) {
      smsExpected = texted.values().stream().mapToLong(Long::longValue).sum();
      sms = texted.entrySet().stream()
          .mapToLong(e -> Math.min(e.getValue(), received.getOrDefault(e.getKey(), 0L))).sum();
    } else {
      smsExpected = acknowledgedMissed.size();
      sms = acknowledgedMissed.stream().filter(s -> received.getOrDefault(s.caller(), 0L) > 0).count();
    }
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("callsSent", (long) calls.size());
    c.put("acknowledged", (long) acknowledged.size());
    c.put("shed", (long) (calls.size() - acknowledged.size()));
    c.put("callsDecided", seen.callsBySid().values().stream().filter(Call::decided).count());
    c.put("leads", expectedLeads.stream().filter(seen.leadCallers()::contains).count());
    c.put("leadsExpected", (long) expectedLeads.size());
    c.put("leadsTotal", (long) seen.leadCallers().size());
    c.put("sms", sms);
    c.put("smsExpected", smsExpected);
    c.put("smsTotal", received.values().stream().mapToLong(Long::longValue).sum());
    c.put("duplicateSms", extra + (duplicateWindow ? seen.windowViolations() : 0));
    c.put("lostCalls", undecided);
    c.put("lostTexts", untexted);
    long lost = undecided + untexted;
    if (sent.stream().anyMatch(s -> s.kind() == Sent.Kind.REPLY)) {
      lost += replies(c);
    }
    c.put("lost", lost);
    return c;
  }

  /** Whether the counts pass: every expectation met, nothing lost, nothing twice. */
  public static boolean passes(Map<String, Long> c) {
    return c.get("leads").equals(c.get("leadsExpected")) && c.get("sms").equals(c.get("smsExpected"))
        && c.get("duplicateSms") == 0 && c.get("lost") == 0 && c.getOrDefault("duplicateReplies", 0L) == 0;
  }

  /** Inbound texts: each acknowledged one stored once. Adds the reply counts; returns the replies lost. */
  private long replies(Map<String, Long> c) {
    List<Sent> replies = sent.stream().filter(s -> s.kind() == Sent.Kind.REPLY).toList();
    long acknowledged = replies.stream().filter(Sent::acknowledged).count();
    long stored = replies.stream()
        .filter(s -> s.acknowledged() && seen.inboundCallerBySid().containsKey(s.sid())).count();
    Map<String, Long> perCaller = new HashMap<>();
    seen.inboundCallerBySid().values().forEach(caller -> perCaller.merge(caller, 1L, Long::sum));
    c.put("repliesSent", (long) replies.size());
    c.put("repliesAcknowledged", acknowledged);
    c.put("repliesShed", replies.size() - acknowledged);
    c.put("repliesStored", stored);
    c.put("repliesStoredTotal", (long) seen.inboundCallerBySid().size());
    // each caller replies at most once in the mix: a second inbound text from one is a duplicate
    c.put("duplicateReplies", perCaller.values().stream().mapToLong(n -> n - 1).sum());
    c.put("lostReplies", acknowledged - stored);
    return acknowledged - stored;
  }

  private boolean decided(String sid) {
    Call call = seen.callsBySid().get(sid);
    return call != null && call.decided();
  }
}

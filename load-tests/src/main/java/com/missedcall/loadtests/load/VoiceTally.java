package com.missedcall.loadtests.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What became of one load worker's voice calls (its requests are in a {@link Tally}): every call started ends in
 * exactly one bucket, <b>completed</b> (each of its webhooks acknowledged, each answer the TwiML the script expects,
 * ending in {@code <Hangup>}), <b>failed</b> (a webhook refused or unanswered, or an unexpected answer; Twilio then
 * ends the call and the status callback still goes) or, when the run is over and it is still going, <b>cut
 * off</b>. Latencies per step ({@code incoming}, {@code greeting}: the {@code <Dial>} action voice recovery answers,
 * {@code turn}, {@code status}) are from each request's scheduled start, for calls started after the ramp, 2xx only.
 * Kept on the worker's event loop only.
 */
public final class VoiceTally {
  public enum CallState { IN_PROGRESS, COMPLETED, FAILED, CUT_OFF }

  public static final List<String> STEPS = List.of("incoming", "greeting", "turn", "status");

  /** One call of the run. */
  public static final class CallRun {
    final VoiceCallSource.Call call;
    final boolean steady;
    CallState state = CallState.IN_PROGRESS;
    String failure;

    CallRun(VoiceCallSource.Call call, boolean steady) {
      this.call = call;
      this.steady = steady;
    }

    public VoiceCallSource.Call call() {
      return call;
    }

    public CallState state() {
      return state;
    }
  }

  /** Call counts of one population (the whole run, or the calls started after the ramp). */
  public static final class Counts {
    long started;
    long completed;
    long failed;
    long cutOff;

    public long started() { return started; }
    public long completed() { return completed; }
    public long failed() { return failed; }
    public long cutOff() { return cutOff; }

    public boolean accounted() {
      return started == completed + failed + cutOff;
    }

    void add(Counts o) {
      started += o.started;
      completed += o.completed;
      failed += o.failed;
      cutOff += o.cutOff;
    }
  }

  private final Counts all = new Counts();
  private final Counts steady = new Counts();
  private final Map<String, Histogram> latency = new LinkedHashMap<>();
  private final Map<String, Long> failures = new TreeMap<>();
  private final List<CallRun> calls = new ArrayList<>();
  private long open;
  private boolean frozen;

  public VoiceTally() {
    STEPS.forEach(s -> latency.put(s, new Histogram(3)));
  }

  public CallRun started(VoiceCallSource.Call call, boolean inSteadyState) {
    CallRun run = new CallRun(call, inSteadyState);
    calls.add(run);
    all.started++;
    if (inSteadyState) {
      steady.started++;
    }
    open++;
    return run;
  }

  /** A step of a call answered 2xx, {@code micros} after it was due. */
  public void stepAnswered(CallRun run, String step, long micros) {
    if (!frozen && run.steady) {
      latency.get(step).recordValue(Math.max(0, micros));
    }
  }

  /** The call went wrong at a step ({@code why}); it still ends with its status callback. First failure counts. */
  public void failedAt(CallRun run, String why) {
    if (!frozen && run.failure == null) {
      run.failure = why;
    }
  }

  public boolean failed(CallRun run) {
    return run.failure != null;
  }

  /** The call ended (its status callback answered or not). */
  public void ended(CallRun run) {
    if (frozen || run.state != CallState.IN_PROGRESS) {
      return;
    }
    run.state = run.failure == null ? CallState.COMPLETED : CallState.FAILED;
    if (run.failure != null) {
      failures.merge(run.failure, 1L, Long::sum);
    }
    bucket(all, run.state);
    if (run.steady) {
      bucket(steady, run.state);
    }
    open--;
  }

  private static void bucket(Counts c, CallState state) {
    switch (state) {
      case COMPLETED -> c.completed++;
      case FAILED -> c.failed++;
      case CUT_OFF -> c.cutOff++;
      default -> throw new IllegalStateException(state.name());
    }
  }

  public long open() {
    return open;
  }

  /** The run is over: calls still going are cut off, and later answers change nothing. */
  public void freeze() {
    if (frozen) {
      return;
    }
    for (CallRun run : calls) {
      if (run.state == CallState.IN_PROGRESS) {
        run.state = CallState.CUT_OFF;
        bucket(all, CallState.CUT_OFF);
        if (run.steady) {
          bucket(steady, CallState.CUT_OFF);
        }
      }
    }
    open = 0;
    frozen = true;
  }

  public boolean frozen() {
    return frozen;
  }

  public void merge(VoiceTally o) {
    all.add(o.all);
    steady.add(o.steady);
    o.latency.forEach((step, h) -> latency.get(step).add(h));
    o.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
    calls.addAll(o.calls);
    frozen = frozen || o.frozen;
  }

  public Counts all() { return all; }
  public Counts steady() { return steady; }
  public Histogram latency(String step) { return latency.get(step); }
  public Map<String, Long> failures() { return failures; }
  public List<CallRun> calls() { return calls; }
}

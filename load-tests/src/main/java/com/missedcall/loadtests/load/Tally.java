package com.missedcall.loadtests.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one load worker sent and what became of it, kept on the worker's event loop only (no locks).
 * Every request ends in exactly one bucket: <b>acknowledged</b> (2xx), <b>shed</b> (503), <b>error</b>
 * (any other status, a refused connection, a timeout) or, when the run is over and it is still in
 * flight, <b>cut off</b>. Latencies are measured from each request's <em>scheduled</em> start, so a
 * request the generator sent late, or that waited for a connection, carries that wait (no coordinated
 * omission). Requests due during the ramp are counted but kept out of the steady-state figures.
 */
public final class Tally {
  /** One request in flight or done. Its {@code state} is set once, when its answer comes. */
  public static final class Request {
    final String sid;
    final String caller;
    final long scheduledNanos;
    final boolean steady;
    State state = State.IN_FLIGHT;

    Request(String sid, String caller, long scheduledNanos, boolean steady) {
      this.sid = sid;
      this.caller = caller;
      this.scheduledNanos = scheduledNanos;
      this.steady = steady;
    }
  }

  public enum State { IN_FLIGHT, ACKNOWLEDGED, SHED, ERROR, CUT_OFF }

  /** Counts of one population (the whole run, or the steady state after the ramp). */
  public static final class Counts {
    long sent;
    long acknowledged;
    long shed;
    long errors;
    long cutOff;
    long inFlight;

    public long sent() { return sent; }
    public long acknowledged() { return acknowledged; }
    public long shed() { return shed; }
    public long errors() { return errors; }
    public long cutOff() { return cutOff; }

    /** The run is valid only if every request sent is accounted for in exactly one bucket. */
    public boolean accounted() {
      return inFlight == 0 && sent == acknowledged + shed + errors + cutOff;
    }

    void add(Counts o) {
      sent += o.sent;
      acknowledged += o.acknowledged;
      shed += o.shed;
      errors += o.errors;
      cutOff += o.cutOff;
      inFlight += o.inFlight;
    }
  }

  private final boolean keepRequests;
  private final Counts all = new Counts();
  private final Counts steady = new Counts();
  private final Map<String, Long> errorKinds = new TreeMap<>();
  /** Microseconds from scheduled start to the 2xx, steady state. */
  private final Histogram acknowledgedMicros = new Histogram(3);
  /** Microseconds from scheduled start to any answer (503s and errors too), steady state. */
  private final Histogram answeredMicros = new Histogram(3);
  /** Microseconds from scheduled start to the moment the generator handed the request to its client, steady state. */
  private final Histogram sendLagMicros = new Histogram(3);
  private final List<Request> requests = new ArrayList<>();
  /** Requests still waiting for an answer (identity set: Request keeps Object's equals). */
  private final Set<Request> open = new HashSet<>();
  private long peakInFlight;
  private long late;
  private boolean frozen;

  /** {@code keepRequests}: remember every request (sid, caller, outcome, scheduled time) for the checks. */
  public Tally(boolean keepRequests) {
    this.keepRequests = keepRequests;
  }

  /** A request handed to the HTTP client {@code lagNanos} after it was due. */
  public Request sent(Webhook webhook, long scheduledNanos, long lagNanos, boolean inSteadyState) {
    Request r = new Request(webhook.sid(), webhook.caller(), scheduledNanos, inSteadyState);
    if (keepRequests) {
      requests.add(r);
    }
    all.sent++;
    all.inFlight++;
    if (inSteadyState) {
      steady.sent++;
      steady.inFlight++;
    }
    peakInFlight = Math.max(peakInFlight, all.inFlight);
    if (inSteadyState) {
      sendLagMicros.recordValue(Math.max(0, lagNanos / 1000));
    }
    open.add(r);
    return r;
  }

  /** The answer's status arrived at {@code nowNanos}. */
  public void answered(Request r, int status, long nowNanos) {
    if (status >= 200 && status < 300) {
      finish(r, State.ACKNOWLEDGED, nowNanos);
    } else if (status == 503) {
      finish(r, State.SHED, nowNanos);
    } else {
      errorKinds.merge("http " + status, 1L, Long::sum);
      finish(r, State.ERROR, nowNanos);
    }
  }

  /** No answer: connection refused or reset, timed out. */
  public void failed(Request r, String kind, long nowNanos) {
    if (!frozen && r.state == State.IN_FLIGHT) {
      errorKinds.merge(kind, 1L, Long::sum);
    }
    finish(r, State.ERROR, nowNanos);
  }

  private void finish(Request r, State state, long nowNanos) {
    if (frozen || r.state != State.IN_FLIGHT) {
      late++;
      return;
    }
    r.state = state;
    open.remove(r);
    bucket(all, state);
    if (r.steady) {
      bucket(steady, state);
      long micros = Math.max(0, (nowNanos - r.scheduledNanos) / 1000);
      answeredMicros.recordValue(micros);
      if (state == State.ACKNOWLEDGED) {
        acknowledgedMicros.recordValue(micros);
      }
    }
  }

  private static void bucket(Counts c, State state) {
    c.inFlight--;
    switch (state) {
      case ACKNOWLEDGED -> c.acknowledged++;
      case SHED -> c.shed++;
      case ERROR -> c.errors++;
      case CUT_OFF -> c.cutOff++;
      default -> throw new IllegalStateException(state.name());
    }
  }

  /** The run is over: what is still in flight is cut off, and later answers are ignored (counted as late). */
  public void freeze() {
    if (frozen) {
      return;
    }
    for (Request r : open) {
      r.state = State.CUT_OFF;
      bucket(all, State.CUT_OFF);
      if (r.steady) {
        bucket(steady, State.CUT_OFF);
      }
    }
    open.clear();
    frozen = true;
  }

  public long inFlight() {
    return all.inFlight;
  }

  /** Adds another worker's (frozen) tally into this one. */
  public void merge(Tally o) {
    all.add(o.all);
    steady.add(o.steady);
    o.errorKinds.forEach((k, v) -> errorKinds.merge(k, v, Long::sum));
    acknowledgedMicros.add(o.acknowledgedMicros);
    answeredMicros.add(o.answeredMicros);
    sendLagMicros.add(o.sendLagMicros);
    requests.addAll(o.requests);
    peakInFlight += o.peakInFlight;
    late += o.late;
    frozen = frozen || o.frozen;
  }

  public Counts all() { return all; }
  public Counts steady() { return steady; }
  public Map<String, Long> errorKinds() { return errorKinds; }
  public Histogram acknowledgedMicros() { return acknowledgedMicros; }
  public Histogram answeredMicros() { return answeredMicros; }
  public Histogram sendLagMicros() { return sendLagMicros; }
  public List<Request> requests() { return requests; }
  /** The most requests in flight at once (summed over workers: an upper bound of the run's peak). */
  public long peakInFlight() { return peakInFlight; }
  public long late() { return late; }
}

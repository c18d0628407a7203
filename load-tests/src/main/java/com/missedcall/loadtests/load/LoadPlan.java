package com.missedcall.loadtests.load;

import java.net.URI;

/**
 * How one run offers its load. Open model ({@code rate} > 0): requests are due on the {@link Schedule}
 * whether or not earlier ones were answered, as Twilio's webhooks are. Closed model ({@code concurrency}
 * > 0): that many users send back to back, for a maximum-throughput measurement (the ceilings);
 * there a request's latency starts when it is sent. Requests due during the ramp warm up both sides
 * and are kept out of the steady-state figures.
 */
public record LoadPlan(URI target, double rate, int concurrency, double rampSeconds, double durationSeconds,
                       int connections, int workers, long timeoutMs, long drainMs) {

  public LoadPlan {
    if ((rate > 0) == (concurrency > 0)) {
      throw new IllegalArgumentException("give either a rate (open model) or a concurrency (closed model)");
    }
    if (workers < 1 || connections < workers) {
      throw new IllegalArgumentException("need at least one worker and one connection per worker");
    }
  }

  public boolean open() {
    return rate > 0;
  }

  public Schedule schedule() {
    return new Schedule(rate, rampSeconds, durationSeconds);
  }

  public String host() {
    return target.getHost();
  }

  public int port() {
    return target.getPort() > 0 ? target.getPort() : 80;
  }
}

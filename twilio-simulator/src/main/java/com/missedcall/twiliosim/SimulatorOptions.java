package com.missedcall.twiliosim;

/** How to run a {@link TwilioSimulator}. Defaults: 127.0.0.1, an ephemeral port, no status callbacks. */
public final class SimulatorOptions {

  private String host = "127.0.0.1";
  private int port = 0;
  private boolean autoStatusCallbacks = false;

  public String host() {
    return host;
  }

  /** Interface to bind; {@code 0.0.0.0} for a container. */
  public SimulatorOptions host(String host) {
    this.host = host;
    return this;
  }

  public int port() {
    return port;
  }

  /** 0 picks a free port; read it back with {@link TwilioSimulator#port()}. */
  public SimulatorOptions port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
    return this;
  }

  public boolean autoStatusCallbacks() {
    return autoStatusCallbacks;
  }

  /** When on, accepted messages with a StatusCallback get signed {@code sent} then {@code delivered} callbacks. */
  public SimulatorOptions autoStatusCallbacks(boolean autoStatusCallbacks) {
    this.autoStatusCallbacks = autoStatusCallbacks;
    return this;
  }
}

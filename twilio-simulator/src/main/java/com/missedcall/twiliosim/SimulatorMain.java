package com.missedcall.twiliosim;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulator as its own process. Settings come from system properties, else environment
 * variables (see {@link LauncherSettings}); SIGTERM stops the server and Vert.x cleanly.
 */
public final class SimulatorMain {

  private SimulatorMain() {}

  public static void main(String[] args) {
    LauncherSettings settings;
    try {
      settings = LauncherSettings.from(SimulatorMain::lookup);
    } catch (IllegalArgumentException e) {
      System.err.println("Twilio simulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    TwilioSimulator simulator;
    try {
      simulator = TwilioSimulator.start(vertx, settings.toOptions()).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("Twilio simulator failed to start: " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    settings.accounts().forEach(simulator::addAccount);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, simulator), "twilio-sim-shutdown"));
    System.out.println("Twilio simulator listening on " + simulator.baseUrl()
        + " (bound to " + settings.host() + ", accounts: " + settings.accounts().size()
        + ", auto status callbacks: " + settings.autoStatusCallbacks() + ")");
  }

  private static void shutdown(Vertx vertx, TwilioSimulator simulator) {
    // Two awaits rather than one chain: a listener chained onto the server's context would be
    // scheduled on an event loop that vertx.close() has already terminated.
    try {
      simulator.stop().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("Twilio simulator did not stop cleanly: " + e);
    }
  }

  private static String lookup(String name) {
    String property = System.getProperty(name);
    return property != null ? property : System.getenv(name);
  }
}

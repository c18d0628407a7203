package com.missedcall.admin.webhooks.destination;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.List;

/** Every address a host name resolves to. */
@FunctionalInterface
public interface HostResolver {
  Future<List<InetAddress>> resolve(String hostName);

  /**
   * The operating system's resolver (hosts file, then DNS), as the JDK calls it: a blocking call, so it
   * runs on a worker thread, never on the event loop.
   */
  static HostResolver system(Vertx vertx) {
    return hostName -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(hostName)), false);
  }
}

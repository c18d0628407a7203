package com.missedcall.testing;

/**
 * Where the real PostgreSQL and Redis servers for this test JVM live, and where they came from.
 *
 * @param source        "environment", "testcontainers" or "embedded": printed in the test report
 * @param pgHost        PostgreSQL host
 * @param pgPort        PostgreSQL port
 * @param pgUser        a superuser that may create and drop databases
 * @param pgAdminDb     a database to connect to while creating per-class databases
 * @param redisHost     Redis host
 * @param redisPort     Redis port
 */
public record ServerEndpoints(String source, String pgHost, int pgPort, String pgUser, String pgAdminDb,
                              String redisHost, int redisPort) {

  public String describe() {
    return "source=" + source + " postgres=" + pgHost + ":" + pgPort + " redis=" + redisHost + ":" + redisPort;
  }
}

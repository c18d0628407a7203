package com.missedcall.testing;

/**
 * The real Redis server for one test class, with a key prefix of its own so that concurrent and
 * repeated runs never see each other's keys.
 */
public record TestRedis(String host, int port, String keyPrefix) {

  public String url() {
    return "redis://" + host + ":" + port;
  }
}

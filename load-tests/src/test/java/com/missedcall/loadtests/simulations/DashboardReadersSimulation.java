package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * Dashboard readers alone (see {@link DashboardReaders}): the admin API's lists and lead pages with no
 * webhook load, the baseline for the same readers inside {@link RealisticMixSimulation}.
 * Requires {@code -DapiKey=mcr_live_...} of the load-test agency.
 */
public class DashboardReadersSimulation extends Simulation {
  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final DashboardReaders readers = DashboardReaders.fromSystemProperties(settings)
      .orElseThrow(() -> new IllegalArgumentException(
          "-DapiKey=mcr_live_... is required: an API key of the load-test agency (LOAD_TEST_API_KEY on the gateway)"));

  {
    List<Assertion> assertions = new ArrayList<>(readers.assertions());
    assertions.add(forAll().failedRequests().percent().lte(0.1));
    assertions.add(global().responseTime().percentile(99.0).lt(readers.p99Ms()));
    setUp(readers.population()).assertions(assertions);
  }

  @Override
  public void before() {
    readers.loadStarts();
  }
}

package com.missedcall.recovery.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReconcilerLogTest {

  @Test
  void aClientErrorQuotingTheListUriIsLoggedWithoutThePhoneNumber() {
    String logged = Reconciler.redacted(new IllegalStateException(
        "timeout while executing GET /2010-04-01/Accounts/AC1/Calls.json?To=%2B15551234567&StartTime%3E=2026-12-02"
            + " and From=+15559876543"));

    assertThat(logged).doesNotContain("15551234567").doesNotContain("15559876543")
        .doesNotContainPattern("\\d{7,}").contains("StartTime%3E=2026-12-02").contains("Calls.json?To=");
  }
}

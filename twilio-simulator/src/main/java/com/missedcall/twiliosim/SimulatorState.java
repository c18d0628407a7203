package com.missedcall.twiliosim;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the simulator knows, shared between its HTTP handlers and the Java API. {@code autoStatusCallbacks}:
 * whether each accepted message is followed by its 'sent' and 'delivered' callbacks, as Twilio does; the
 * control API can switch it while the simulator runs (the benchmark measures the missed-call path with it
 * off, the realistic mix with it on).
 */
record SimulatorState(AccountRegistry accounts, MessageStore store, Faults faults, AtomicBoolean autoStatusCallbacks,
                      CallStore calls, AtomicBoolean dropWebhooks, VoiceCalls voiceCalls,
                      java.util.concurrent.atomic.AtomicInteger callCreateRequests) {

  static SimulatorState empty(boolean autoStatusCallbacks) {
    return new SimulatorState(new AccountRegistry(), new MessageStore(), new Faults(),
        new AtomicBoolean(autoStatusCallbacks), new CallStore(), new AtomicBoolean(false), new VoiceCalls(),
        new java.util.concurrent.atomic.AtomicInteger());
  }

  void reset() {
    store.clear();
    faults.clear();
    calls.clear();
    voiceCalls.clear();
    callCreateRequests.set(0);
    dropWebhooks.set(false);
  }
}

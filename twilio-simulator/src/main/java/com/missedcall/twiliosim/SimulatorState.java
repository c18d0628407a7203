package com.missedcall.twiliosim;

/** What the simulator knows, shared between its HTTP handlers and the Java API. */
record SimulatorState(AccountRegistry accounts, MessageStore store, Faults faults) {

  static SimulatorState empty() {
    return new SimulatorState(new AccountRegistry(), new MessageStore(), new Faults());
  }

  void reset() {
    store.clear();
    faults.clear();
  }
}

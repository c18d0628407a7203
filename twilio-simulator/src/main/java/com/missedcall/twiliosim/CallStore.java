package com.missedcall.twiliosim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The calls the simulator knows, by SID (tests write them, the Calls resource reads them). */
final class CallStore {

  private final ConcurrentHashMap<String, CallRecord> bySid = new ConcurrentHashMap<>();

  CallRecord put(CallRecord call) {
    bySid.put(call.sid(), call);
    return call;
  }

  CallRecord find(String accountSid, String sid) {
    CallRecord call = bySid.get(sid);
    return call != null && call.accountSid().equals(accountSid) ? call : null;
  }

  /** Newest start first, as Twilio lists calls; ties by SID so pages are stable. */
  List<CallRecord> newestFirst(Predicate<CallRecord> filter) {
    List<CallRecord> result = new ArrayList<>();
    for (CallRecord call : bySid.values()) {
      if (filter.test(call)) {
        result.add(call);
      }
    }
    result.sort(Comparator.comparing(CallRecord::startTime).reversed().thenComparing(CallRecord::sid));
    return result;
  }

  void clear() {
    bySid.clear();
  }
}

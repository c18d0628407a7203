package com.missedcall.recovery.fastpath;

/** The fast path's answer and what it reserved, so exactly that can be released. */
public record Admission(FastPathVerdict verdict, String hint, CallKeys keys, boolean leadReserved) {

  static Admission unavailable(CallKeys keys) {
    return new Admission(FastPathVerdict.UNAVAILABLE, "redis_unavailable", keys, false);
  }
}

package com.missedcall.recovery.fastpath;

/** What the Redis fast path said about a missed call. */
public enum FastPathVerdict {
  /** The CallSid was already decided and committed: nothing more to do. Certain. */
  DONE,
  /** A slot was reserved (window, SMS, maybe a lead): Postgres confirms, or it is released. */
  RESERVED,
  /** Redis expects a refusal (window or a cap); Postgres decides and records the reason. */
  REFUSAL_EXPECTED,
  /** Redis was unavailable or slow: Postgres alone decides. */
  UNAVAILABLE
}

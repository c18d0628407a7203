package com.missedcall.recovery.jobs;

/** The job's lease was lost to another worker: whatever this worker wrote for it is rolled back. */
public final class StaleClaim extends RuntimeException {
  public StaleClaim(ClaimedJob job) {
    super("job " + job.id() + " attempt " + job.attempts() + " was taken over by another worker", null, false, false);
  }
}

package com.missedcall.recovery.jobs;

/** The job's lease was lost to another worker: whatever this worker wrote for it is rolled back. */
public final class StaleClaim extends RuntimeException {
  public StaleClaim(ClaimedJob job) {
    this(job.id(), job.attempts());
  }

  /** Claim {@code attempt} of job {@code jobId}, whatever queue it is in (SMS, webhook, timed work). */
  public StaleClaim(long jobId, int attempt) {
    super("job " + jobId + " attempt " + attempt + " was taken over by another worker", null, false, false);
  }
}

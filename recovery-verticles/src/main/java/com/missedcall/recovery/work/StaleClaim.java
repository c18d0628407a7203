package com.missedcall.recovery.work;

/**
 * A settle refused: the claim it came from is no longer the job's current one (its lease expired and another
 * worker claimed the job again, so the attempt moved on, or the job was settled already). Whatever the
 * settle would have written is rolled back; the engine counts it ({@code recovery_stale_settles_total}).
 */
public final class StaleClaim extends RuntimeException {
  public StaleClaim(Fence fence) {
    this(fence.id(), fence.attempt());
  }

  /** Claim {@code attempt} of job {@code jobId}, whatever queue it is in (SMS, webhook, timed work). */
  public StaleClaim(long jobId, int attempt) {
    super("job " + jobId + " attempt " + attempt + " was taken over by another worker", null, false, false);
  }
}

package com.missedcall.recovery.jobs;

import com.missedcall.recovery.work.Claim;
import com.missedcall.recovery.work.Fence;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A job this worker holds the lease on. {@code attempts} is also the fencing token: a worker whose lease
 * expired and was taken over finds, when it finishes, that the attempt count moved on, and its
 * transaction is rolled back (see {@link JobQueue#finish}).
 */
public record ClaimedJob(long id, long workspaceId, String kind, Long conversationId, JsonObject payload,
                         int attempts, Instant createdAt, Instant dueAt) implements Claim {

  @Override
  public Fence fence() {
    return new Fence(id, attempts);
  }
}

package com.missedcall.recovery.privacy;

import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.work.InFlight;
import com.missedcall.recovery.work.LeaseSettings;
import com.missedcall.recovery.work.LeasedWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily retention purge: every {@code planInterval} it plans today's job of each workspace with a retention
 * setting (one row per workspace and UTC day, whoever plans first), and its lease engine claims and runs them:
 * message bodies older than {@code message_body_days} blanked a chunk at a time (texts still waiting to be sent
 * keep theirs), voice transcripts and turns older than {@code transcript_days} blanked, then the job settled done
 * with the counts, fenced. Any number of processes run it; a crashed purge's lease expires and another process
 * finishes it (blanking is idempotent). A failure is retried with back-off, then the day's job is failed.
 */
public final class RetentionPurger extends LeasedWorker<RetentionStore.Purge> {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);

  private final Pool pool;
  private final RetentionStore store;
  private final Duration planInterval;
  private long planTimer = -1;

  public RetentionPurger(Pool pool, RetentionStore store, Duration planInterval, Duration sweepInterval,
                         Duration lease, MeterRegistry registry) {
    super(pool, store.claims(), new LeaseSettings("retention", "retention", lease, sweepInterval, 10, 2,
        Duration.ofSeconds(5), null, null, new LeaseSettings.Retries(5,
            new Backoff(Duration.ofMinutes(1), Duration.ofHours(1)))), registry, new InFlight());
    this.pool = pool;
    this.store = store;
    this.planInterval = planInterval;
  }

  @Override
  public Future<?> start() {
    planTimer = vertx.setPeriodic(0, planInterval.toMillis(), id -> store.plan(pool)
        .onFailure(e -> LOG.atWarn().addKeyValue("error", String.valueOf(e)).log("retention purges not planned")));
    return super.start();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(planTimer);
    return super.stop();
  }

  @Override
  protected Future<Void> handle(RetentionStore.Purge job) {
    return store.settings(pool, job.workspaceId()).compose(found -> {
      RetentionStore.Settings s = found.orElse(new RetentionStore.Settings(null, null));
      Future<Integer> bodies = s.messageBodyDays() == null ? Future.succeededFuture(0)
          : blankAllBodies(job.workspaceId(), s.messageBodyDays(), 0);
      return bodies.compose(messages -> (s.transcriptDays() == null ? Future.succeededFuture(0)
              : store.blankTranscripts(pool, job.workspaceId(), s.transcriptDays()))
          .compose(transcripts -> {
            LOG.atInfo().addKeyValue("workspace", job.workspaceId()).addKeyValue("day", job.day())
                .addKeyValue("messages", messages).addKeyValue("transcripts", transcripts).log("retention purge done");
            return store.done(pool, job, messages, transcripts);
          }));
    });
  }

  /** Chunk after chunk until a chunk comes back short. */
  private Future<Integer> blankAllBodies(long workspaceId, int days, int sofar) {
    return store.blankBodies(pool, workspaceId, days).compose(n -> n < RetentionStore.CHUNK
        ? Future.succeededFuture(sofar + n) : blankAllBodies(workspaceId, days, sofar + n));
  }
}

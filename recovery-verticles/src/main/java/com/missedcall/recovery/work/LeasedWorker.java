package com.missedcall.recovery.work;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/**
 * A worker verticle of leased work: its {@link LeaseEngine} claims, wakes, sweeps, caps, drains and fences;
 * the worker only says how to {@link #handle} one job (and settles it, fenced by the job's {@link Fence}).
 */
public abstract class LeasedWorker<J extends Claim> extends VerticleBase {
  private final Pool pool;
  private final ClaimSql<J> sql;
  private final LeaseSettings settings;
  private final MeterRegistry registry;
  private final InFlight inFlight;
  private LeaseEngine<J> engine;

  protected LeasedWorker(Pool pool, ClaimSql<J> sql, LeaseSettings settings, MeterRegistry registry,
                         InFlight inFlight) {
    this.pool = pool;
    this.sql = sql;
    this.settings = settings;
    this.registry = registry;
    this.inFlight = inFlight;
  }

  /** Does the job's work and settles it; a {@link StaleClaim} failure is counted, not retried. */
  protected abstract Future<Void> handle(J job);

  @Override
  public Future<?> start() {
    engine = new LeaseEngine<>(vertx, pool, sql, settings, registry, inFlight, this::handle);
    return engine.start();
  }

  @Override
  public Future<?> stop() {
    return engine.stop();
  }

  /** This worker's engine (once started). */
  public LeaseEngine<J> engine() {
    return engine;
  }
}

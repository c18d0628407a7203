package com.missedcall.recovery.work;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.time.Instant;

/**
 * A job committed already claimed by this process (its row is running under a lease), carried to the worker
 * over the local event bus so it is handled without another round trip (the decision hands its text-back
 * straight to the sender). The row stays the only source of truth: a hand-off that is lost, or arrives after
 * {@code startBy} (the lease's end minus the longest the work may take), is left alone, and a sweep takes the
 * job once its lease runs out.
 */
public record HandOff<J extends Claim>(J job, Instant startBy) {

  /** Registers the in-process codec (a hand-off never leaves the JVM); a second registration is a no-op. */
  public static void registerCodec(EventBus bus) {
    try {
      bus.registerDefaultCodec(HandOff.class, new Local());
    } catch (IllegalStateException alreadyRegistered) {
      // the same Vert.x instance built its components twice (a restart in place): the codec is there
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class Local implements MessageCodec<HandOff, HandOff> {
    @Override
    public void encodeToWire(Buffer buffer, HandOff handOff) {
      throw new UnsupportedOperationException("a claimed job is handed over in-process only");
    }

    @Override
    public HandOff decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("a claimed job is handed over in-process only");
    }

    @Override
    public HandOff transform(HandOff handOff) {
      return handOff;
    }

    @Override
    public String name() {
      return "claimed-job-hand-off";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}

package com.missedcall.recovery.sms;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * A text-back that the decision handed to this process already claimed (its job row is 'running' under
 * a lease), carried to the sender over the local event bus so it is sent without another round trip.
 * The row in Postgres stays the only source of truth: if this hand-off is lost, or arrives after
 * {@code sendBy} (the lease's end minus the longest a send may take and a margin, so a send started in
 * time always ends before anyone else may take the job over), the sender leaves it alone and a sweeper
 * sends it once the lease has run out, after looking at Twilio.
 */
public record ClaimedTextBack(ClaimedSms sms, Instant sendBy) {

  public boolean stillOurs() {
    return Instant.now().isBefore(sendBy);
  }

  /** Registers the in-process codec (the hand-off never leaves the JVM); a second registration is a no-op. */
  public static void registerCodec(EventBus bus) {
    try {
      bus.registerDefaultCodec(ClaimedTextBack.class, codec());
    } catch (IllegalStateException alreadyRegistered) {
      // the same Vert.x instance built its components twice (a restart in place): the codec is there
    }
  }

  private static MessageCodec<ClaimedTextBack, ClaimedTextBack> codec() {
    return new MessageCodec<ClaimedTextBack, ClaimedTextBack>() {
      @Override
      public void encodeToWire(Buffer buffer, ClaimedTextBack claimed) {
        throw new UnsupportedOperationException("a claimed text-back is handed over in-process only");
      }

      @Override
      public ClaimedTextBack decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("a claimed text-back is handed over in-process only");
      }

      @Override
      public ClaimedTextBack transform(ClaimedTextBack claimed) {
        return claimed;
      }

      @Override
      public String name() {
        return "claimed-text-back";
      }

      @Override
      public byte systemCodecID() {
        return -1;
      }
    };
  }
}

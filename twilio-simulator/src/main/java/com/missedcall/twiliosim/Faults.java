package com.missedcall.twiliosim;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults applied to message-create requests, to message-list requests (the look-up a sender makes
 * before resending a text whose outcome it does not know), and to call-create requests (outbound calls). Safe to change from any thread while the simulator
 * serves traffic; {@link TwilioSimulator#reset()} clears them.
 */
public final class Faults {

  private volatile Duration latency = Duration.ZERO;
  private final ConcurrentLinkedQueue<PendingFault> pending = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<PendingFault> pendingLists = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<PendingFault> pendingCalls = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, Rejection> rejections = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, DeliveryFailure> deliveryFailures = new ConcurrentHashMap<>();
  private volatile String createStatus = null;

  Faults() {}

  /** Every message-create request waits this long (on a timer) before it is processed. */
  public Faults latency(Duration latency) {
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive");
    }
    this.latency = latency;
    return this;
  }

  /** The next {@code count} message-create requests get {@code fault}; queued after earlier ones. */
  public Faults failNext(int count, Fault fault) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be zero or positive");
    }
    pending.add(new PendingFault(Objects.requireNonNull(fault, "fault"), new AtomicInteger(count)));
    return this;
  }

  /**
   * The next {@code count} message-list requests get {@code fault}: a status is answered as Twilio's error, a
   * drop closes the connection unanswered, a delay answers the page late.
   */
  public Faults failNextLists(int count, Fault fault) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be zero or positive");
    }
    pendingLists.add(new PendingFault(Objects.requireNonNull(fault, "fault"), new AtomicInteger(count)));
    return this;
  }

  /**
   * The next {@code count} call-create requests ({@code POST .../Calls.json}) get {@code fault}: a status is
   * answered as Twilio's error and creates no call, a drop before accept closes the connection and creates none,
   * a drop after accept creates the call (it rings) and closes the connection unanswered, a delay after accept
   * creates it and answers late. E.g. {@code failNextCalls(1, Fault.status(500, 20500))}: fails once, then succeeds.
   */
  public Faults failNextCalls(int count, Fault fault) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be zero or positive");
    }
    pendingCalls.add(new PendingFault(Objects.requireNonNull(fault, "fault"), new AtomicInteger(count)));
    return this;
  }

  /** Every message to {@code e164} fails like this, e.g. 400/21610 for an unsubscribed recipient. */
  public Faults rejectRecipient(String e164, int httpStatus, int twilioCode, String message) {
    rejections.put(Objects.requireNonNull(e164, "e164"), new Rejection(httpStatus, twilioCode, message));
    return this;
  }

  /**
   * Every message to {@code e164} is accepted, then the carrier fails it: its status callbacks report
   * {@code sent}, then {@code finalStatus} ({@code undelivered} or {@code failed}) with {@code ErrorCode}
   * {@code errorCode} (e.g. 30006 landline, 30007 carrier filtering), as Twilio reports most carrier outcomes.
   */
  public Faults failDelivery(String e164, String finalStatus, int errorCode) {
    if (!"undelivered".equals(finalStatus) && !"failed".equals(finalStatus)) {
      throw new IllegalArgumentException("a failed delivery ends undelivered or failed");
    }
    deliveryFailures.put(Objects.requireNonNull(e164, "e164"), new DeliveryFailure(finalStatus, errorCode));
    return this;
  }

  /** Message-create answers report this {@code status} (e.g. an unexpected {@code received}); null: {@code queued}. */
  public Faults answerCreateWith(String status) {
    this.createStatus = status;
    return this;
  }

  /** Back to normal service. */
  public void clear() {
    latency = Duration.ZERO;
    pending.clear();
    pendingLists.clear();
    pendingCalls.clear();
    rejections.clear();
    deliveryFailures.clear();
    createStatus = null;
  }

  DeliveryFailure deliveryFailureFor(String to) {
    return deliveryFailures.get(to);
  }

  String createStatus() {
    return createStatus;
  }

  Duration currentLatency() {
    return latency;
  }

  /** Claims the next pending fault, or null for normal service. */
  Fault nextFault() {
    return next(pending);
  }

  /** Claims the next pending call-create fault, or null for normal service. */
  Fault nextCallFault() {
    return next(pendingCalls);
  }

  /** Claims the next pending message-list fault, or null for normal service. */
  Fault nextListFault() {
    return next(pendingLists);
  }

  private static Fault next(ConcurrentLinkedQueue<PendingFault> queue) {
    PendingFault head;
    while ((head = queue.peek()) != null) {
      if (head.remaining().getAndDecrement() > 0) {
        return head.fault();
      }
      queue.remove(head);
    }
    return null;
  }

  Rejection rejectionFor(String to) {
    return rejections.get(to);
  }

  record DeliveryFailure(String finalStatus, int errorCode) {}

  private record PendingFault(Fault fault, AtomicInteger remaining) {}

  record Rejection(int httpStatus, int twilioCode, String message) {
    TwilioApiException toException() {
      return new TwilioApiException(httpStatus, twilioCode, message);
    }
  }
}

package com.missedcall.twiliosim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Accepted messages in arrival order, indexed by SID. Lock-free: the simulator's event loop writes
 * while test threads read; readers get weakly consistent snapshots, which is all a test needs.
 */
final class MessageStore {

  private final ConcurrentLinkedDeque<MessageRecord> ordered = new ConcurrentLinkedDeque<>();
  private final ConcurrentHashMap<String, MessageRecord> bySid = new ConcurrentHashMap<>();
  private final Set<RecipientBody> recipientBodies = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  void countRequest() {
    requests.incrementAndGet();
  }

  MessageRecord add(MessageRecord record) {
    SentMessage message = record.message();
    bySid.put(message.sid(), record);
    ordered.addLast(record);
    recipientBodies.add(new RecipientBody(message.to(), message.body()));
    accepted.incrementAndGet();
    return record;
  }

  /**
   * Records a text a caller sent to one of the account's numbers: listed by the Messages resource, not
   * counted as accepted and not among {@link #messages} (which are what the gateway sent).
   */
  MessageRecord addInbound(MessageRecord record) {
    bySid.put(record.message().sid(), record);
    ordered.addLast(record);
    return record;
  }

  MessageRecord find(String accountSid, String sid) {
    MessageRecord record = bySid.get(sid);
    return record != null && record.message().accountSid().equals(accountSid) ? record : null;
  }

  List<SentMessage> messages(Predicate<SentMessage> filter) {
    List<SentMessage> result = new ArrayList<>();
    for (MessageRecord record : ordered) {
      if (!record.inbound() && filter.test(record.message())) {
        result.add(record.message());
      }
    }
    return result;
  }

  List<MessageRecord> newestFirst(Predicate<MessageRecord> filter) {
    List<MessageRecord> result = new ArrayList<>();
    for (Iterator<MessageRecord> it = ordered.descendingIterator(); it.hasNext(); ) {
      MessageRecord record = it.next();
      if (filter.test(record)) {
        result.add(record);
      }
    }
    return result;
  }

  int acceptedCount() {
    return accepted.get();
  }

  int requestCount() {
    return requests.get();
  }

  int distinctRecipientBodies() {
    return recipientBodies.size();
  }

  void clear() {
    ordered.clear();
    bySid.clear();
    recipientBodies.clear();
    accepted.set(0);
    requests.set(0);
  }

  private record RecipientBody(String to, String body) {}
}

package com.missedcall.twiliosim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One page of a newest-first message list. Page tokens work like Twilio's: {@code PA<sid>} means
 * "after this message", {@code PB<sid>} "before it", so pages stay stable while new messages arrive.
 */
final class MessagePage {

  private static final String AFTER = "PA";
  private static final String BEFORE = "PB";

  private MessagePage() {}

  static JsonObject render(MessageQuery query, List<MessageRecord> newestFirst) {
    int from = firstIndex(query, newestFirst);
    int to = Math.min(newestFirst.size(), from + query.pageSize());
    List<MessageRecord> items = newestFirst.subList(from, to);

    JsonArray messages = new JsonArray();
    items.forEach(record -> messages.add(MessageJson.of(record)));
    int start = query.page() * query.pageSize();
    boolean hasNext = to < newestFirst.size();
    boolean hasPrevious = query.page() > 0;

    return new JsonObject()
        .put("messages", messages)
        .put("page", query.page())
        .put("page_size", query.pageSize())
        .put("start", start)
        .put("end", items.isEmpty() ? start : start + items.size() - 1)
        .put("uri", query.uri(query.page(), query.pageToken()))
        .put("first_page_uri", query.uri(0, null))
        .put("next_page_uri", hasNext
            ? query.uri(query.page() + 1, AFTER + items.get(items.size() - 1).message().sid())
            : null)
        .put("previous_page_uri", hasPrevious
            ? query.uri(query.page() - 1, items.isEmpty() ? null : BEFORE + items.get(0).message().sid())
            : null);
  }

  private static int firstIndex(MessageQuery query, List<MessageRecord> newestFirst) {
    String token = query.pageToken();
    if (token != null && token.length() > 2) {
      int anchor = indexOf(newestFirst, token.substring(2));
      if (anchor >= 0 && token.startsWith(AFTER)) {
        return anchor + 1;
      }
      if (anchor >= 0 && token.startsWith(BEFORE)) {
        return Math.max(0, anchor - query.pageSize());
      }
    }
    long offset = (long) query.page() * query.pageSize();
    return (int) Math.min(offset, newestFirst.size());
  }

  private static int indexOf(List<MessageRecord> records, String sid) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).message().sid().equals(sid)) {
        return i;
      }
    }
    return -1;
  }
}

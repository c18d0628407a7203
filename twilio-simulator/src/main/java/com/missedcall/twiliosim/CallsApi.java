package com.missedcall.twiliosim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Twilio's Calls resource, read side: the list (newest first, Twilio's page fields, {@code PA<sid>} page
 * tokens that stay stable while calls arrive) and fetch by SID. Calls get here through {@link InboundTraffic}.
 */
final class CallsApi {

  private static final String ACCOUNT = "/2010-04-01/Accounts/:AccountSid";
  private static final String AFTER = "PA";

  private final CallStore calls;

  CallsApi(CallStore calls) {
    this.calls = calls;
  }

  /** Mounted before {@link MessagesApi}, whose catch-all answers 404 for anything else under the API. */
  void mount(Router router, BasicAuthHandler auth) {
    router.get(ACCOUNT + "/Calls.json").handler(auth).handler(this::list);
    router.get(ACCOUNT + "/Calls/:Sid.json").handler(auth).handler(this::fetch);
  }

  private void list(RoutingContext ctx) {
    CallQuery query = CallQuery.from(ctx.pathParam("AccountSid"), ctx.queryParams());
    List<CallRecord> all = calls.newestFirst(query::matches);
    int from = firstIndex(query, all);
    int to = Math.min(all.size(), from + query.pageSize());
    List<CallRecord> items = all.subList(from, to);
    JsonArray array = new JsonArray();
    items.forEach(c -> array.add(CallJson.of(c)));
    int start = query.page() * query.pageSize();
    Responses.json(ctx, 200, new JsonObject()
        .put("calls", array)
        .put("page", query.page())
        .put("page_size", query.pageSize())
        .put("start", start)
        .put("end", items.isEmpty() ? start : start + items.size() - 1)
        .put("uri", query.uri(query.page(), query.pageToken()))
        .put("first_page_uri", query.uri(0, null))
        .put("next_page_uri", to < all.size()
            ? query.uri(query.page() + 1, AFTER + items.get(items.size() - 1).sid()) : null)
        .put("previous_page_uri", query.page() > 0 ? query.uri(query.page() - 1, null) : null));
  }

  private static int firstIndex(CallQuery query, List<CallRecord> all) {
    String token = query.pageToken();
    if (token != null && token.startsWith(AFTER)) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).sid().equals(token.substring(2))) {
          return i + 1;
        }
      }
    }
    return (int) Math.min((long) query.page() * query.pageSize(), all.size());
  }

  private void fetch(RoutingContext ctx) {
    CallRecord call = calls.find(ctx.pathParam("AccountSid"), ctx.pathParam("Sid"));
    if (call == null) {
      ctx.fail(TwilioApiException.notFound(ctx.request().path()));
      return;
    }
    Responses.json(ctx, 200, CallJson.of(call));
  }
}

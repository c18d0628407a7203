package com.missedcall.recovery.conversations;

import com.missedcall.recovery.callback.CallbackRequest;
import com.missedcall.recovery.callback.CallbackStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/** The callback window a lead asked for, as team texts word it (the urgent alert, the on-call ask, the summary). */
final class CallbackAhead {
  private CallbackAhead() {}

  /**
   * The window in words while it has not ended (an old window from an earlier conversation would mislead); null
   * otherwise.
   */
  static Future<String> of(CallbackStore callbacks, SqlConnection conn, ConversationContext ctx) {
    return callbacks.ofLead(conn, ctx.leadId()).map(found -> found
        .flatMap(CallbackRequest::parsed)
        .filter(w -> w.to().toInstant().isAfter(ctx.dbNow()))
        .map(w -> w.words(ctx.dbNow().atZone(ctx.workspace().timezone())))
        .orElse(null));
  }
}

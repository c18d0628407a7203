package com.missedcall.twiliosim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Twilio's Account fetch and the IncomingPhoneNumbers list filtered by {@code PhoneNumber}: what a client
 * reads to prove it holds an account's credentials and that a number is on that account.
 */
final class AccountsApi {

  private static final String ACCOUNT = "/2010-04-01/Accounts/:AccountSid";

  private final AccountRegistry accounts;

  AccountsApi(AccountRegistry accounts) {
    this.accounts = accounts;
  }

  /** Mounted before {@link MessagesApi}, whose catch-all answers 404 for anything else under the API. */
  void mount(Router router, BasicAuthHandler auth) {
    router.get(ACCOUNT + ".json").handler(auth).handler(this::fetch);
    router.get(ACCOUNT + "/IncomingPhoneNumbers.json").handler(auth).handler(this::numbers);
    router.get(ACCOUNT + "/OutgoingCallerIds.json").handler(auth).handler(this::callerIds);
  }

  /** Twilio's Verified Caller IDs list, filtered by {@code PhoneNumber} (the simulator lists only a filtered one). */
  private void callerIds(RoutingContext ctx) {
    String sid = ctx.pathParam("AccountSid");
    String phone = ctx.queryParams().get("PhoneNumber");
    JsonArray items = new JsonArray();
    if (phone != null && accounts.isCallerId(sid, phone)) {
      items.add(new JsonObject()
          .put("sid", Sids.newSid("PN"))
          .put("account_sid", sid)
          .put("phone_number", phone)
          .put("friendly_name", phone)
          .put("uri", "/2010-04-01/Accounts/" + sid + "/OutgoingCallerIds/" + phone + ".json"));
    }
    String uri = "/2010-04-01/Accounts/" + sid + "/OutgoingCallerIds.json";
    Responses.json(ctx, 200, new JsonObject()
        .put("outgoing_caller_ids", items)
        .put("page", 0)
        .put("page_size", 50)
        .put("start", 0)
        .put("end", Math.max(0, items.size() - 1))
        .put("uri", uri)
        .put("first_page_uri", uri + "?PageSize=50&Page=0")
        .put("next_page_uri", null)
        .put("previous_page_uri", null));
  }

  private void fetch(RoutingContext ctx) {
    String sid = ctx.pathParam("AccountSid");
    Responses.json(ctx, 200, new JsonObject()
        .put("sid", sid)
        .put("owner_account_sid", sid)
        .put("friendly_name", "Simulated account")
        .put("status", "active")
        .put("type", "Full")
        .put("uri", "/2010-04-01/Accounts/" + sid + ".json"));
  }

  private void numbers(RoutingContext ctx) {
    String sid = ctx.pathParam("AccountSid");
    String phone = ctx.queryParams().get("PhoneNumber");
    JsonArray items = new JsonArray();
    if (phone != null && accounts.hasNumber(sid, phone)) {
      items.add(new JsonObject()
          .put("sid", Sids.newSid("PN"))
          .put("account_sid", sid)
          .put("phone_number", phone)
          .put("friendly_name", phone)
          .put("capabilities", new JsonObject().put("voice", true).put("sms", true).put("mms", false)));
    }
    String uri = "/2010-04-01/Accounts/" + sid + "/IncomingPhoneNumbers.json";
    Responses.json(ctx, 200, new JsonObject()
        .put("incoming_phone_numbers", items)
        .put("page", 0)
        .put("page_size", 50)
        .put("start", 0)
        .put("end", Math.max(0, items.size() - 1))
        .put("uri", uri)
        .put("first_page_uri", uri + "?PageSize=50&Page=0")
        .put("next_page_uri", null)
        .put("previous_page_uri", null));
  }
}

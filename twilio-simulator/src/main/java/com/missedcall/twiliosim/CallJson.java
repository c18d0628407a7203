package com.missedcall.twiliosim;

import io.vertx.core.json.JsonObject;

/** The Call resource as Twilio renders it (API 2010-04-01). */
final class CallJson {

  private CallJson() {}

  static JsonObject of(CallRecord c) {
    String resource = "/" + MessageJson.API_VERSION + "/Accounts/" + c.accountSid() + "/Calls/" + c.sid();
    String updated = MessageJson.rfc2822(c.endTime() != null ? c.endTime() : c.startTime());
    return new JsonObject()
        .put("account_sid", c.accountSid())
        .put("annotation", null)
        .put("answered_by", null)
        .put("api_version", MessageJson.API_VERSION)
        .put("caller_name", null)
        .put("date_created", MessageJson.rfc2822(c.startTime()))
        .put("date_updated", updated)
        .put("direction", c.direction())
        .put("duration", c.endTime() == null ? null : Integer.toString(c.durationSeconds()))
        .put("end_time", c.endTime() == null ? null : MessageJson.rfc2822(c.endTime()))
        .put("forwarded_from", null)
        .put("from", c.from())
        .put("from_formatted", c.from())
        .put("group_sid", null)
        .put("parent_call_sid", c.parentCallSid())
        .put("phone_number_sid", null)
        .put("price", null)
        .put("price_unit", "USD")
        .put("queue_time", "0")
        .put("sid", c.sid())
        .put("start_time", MessageJson.rfc2822(c.startTime()))
        .put("status", c.status())
        .put("subresource_uris", new JsonObject()
            .put("notifications", resource + "/Notifications.json")
            .put("recordings", resource + "/Recordings.json"))
        .put("to", c.to())
        .put("to_formatted", c.to())
        .put("trunk_sid", null)
        .put("uri", resource + ".json");
  }
}

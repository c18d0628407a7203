package com.missedcall.twiliosim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The Message resource as Twilio renders it (API 2010-04-01). */
final class MessageJson {

  static final String API_VERSION = "2010-04-01";

  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  private MessageJson() {}

  static String rfc2822(Instant instant) {
    return RFC_2822.format(instant);
  }

  static JsonObject of(MessageRecord record) {
    SentMessage m = record.message();
    String created = rfc2822(m.acceptedAt());
    String resource = "/" + API_VERSION + "/Accounts/" + m.accountSid() + "/Messages/" + m.sid();
    return new JsonObject()
        .put("account_sid", m.accountSid())
        .put("api_version", API_VERSION)
        .put("body", m.body())
        .put("date_created", created)
        .put("date_sent", created)
        .put("date_updated", rfc2822(record.updatedAt()))
        .put("direction", record.inbound() ? "inbound" : "outbound-api")
        .put("error_code", null)
        .put("error_message", null)
        .put("from", m.from())
        .put("messaging_service_sid", record.messagingServiceSid())
        .put("num_media", Integer.toString(record.numMedia()))
        .put("num_segments", Integer.toString(m.segments()))
        .put("price", null)
        .put("price_unit", null)
        .put("sid", m.sid())
        .put("status", record.status())
        .put("subresource_uris", new JsonObject().put("media", resource + "/Media.json"))
        .put("to", m.to())
        .put("uri", resource + ".json");
  }
}

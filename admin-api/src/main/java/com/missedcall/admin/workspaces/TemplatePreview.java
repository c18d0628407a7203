package com.missedcall.admin.workspaces;

import com.missedcall.recovery.sms.SmsSegments;
import com.missedcall.recovery.sms.TextBack;
import com.missedcall.recovery.sms.TextBackTemplate;
import io.vertx.core.json.JsonObject;

/** The text-back exactly as a caller would receive it, rendered by the same code the hot path uses. */
final class TemplatePreview {
  private TemplatePreview() {}

  static JsonObject render(String template, String businessName, String footer) {
    TextBack text = TextBackTemplate.render(template, businessName, footer);
    boolean gsm = SmsSegments.isGsm7(text.body());
    String fullFooter = footer == null ? "" : SmsSegments.toGsmFriendly(footer.strip());
    return new JsonObject()
        .put("text", text.body())
        .put("segments", text.segments())
        .put("encoding", gsm ? "GSM-7" : "UCS-2")
        .put("characters", text.body().codePointCount(0, text.body().length()))
        .put("footer_shortened", !fullFooter.isEmpty() && !text.body().endsWith(fullFooter));
  }
}

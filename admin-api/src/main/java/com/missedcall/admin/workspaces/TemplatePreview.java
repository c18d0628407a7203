package com.missedcall.admin.workspaces;

import com.missedcall.admin.http.ApiProblem;
import com.missedcall.recovery.copy.CopyTemplate;
import com.missedcall.recovery.copy.TemplateRejected;
import com.missedcall.recovery.copy.TemplateVariables;
import com.missedcall.recovery.sms.SmsSegments;
import com.missedcall.recovery.sms.TextBack;
import com.missedcall.recovery.sms.TextBackTemplate;
import io.vertx.core.json.JsonObject;

/** The text-back exactly as a caller would receive it, rendered by the same code the hot path uses. */
final class TemplatePreview {
  private TemplatePreview() {}

  /** A template sent to be previewed: 400 when it uses an unknown variable or a stray brace. */
  static JsonObject render(String template, String businessName, String footer) {
    CopyTemplate parsed;
    try {
      parsed = CopyTemplate.parse(template);
    } catch (TemplateRejected e) {
      throw ApiProblem.invalid(e.code(), e.getMessage());
    }
    return render(parsed, businessName, footer);
  }

  /** The stored template, saved perhaps before variables were checked: rendered as callers get it. */
  static JsonObject renderStored(String template, String businessName, String footer) {
    CopyTemplate parsed;
    try {
      parsed = CopyTemplate.parse(template);
    } catch (TemplateRejected e) {
      parsed = CopyTemplate.legacy(template);
    }
    return render(parsed, businessName, footer);
  }

  private static JsonObject render(CopyTemplate parsed, String businessName, String footer) {
    // values this preview does not know (links, hours, a caller's name) render their fallbacks
    TextBack text = TextBackTemplate.compose(parsed.render(TemplateVariables.of(businessName)), businessName, footer);
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

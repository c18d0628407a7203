package com.missedcall.admin.copy;

import com.missedcall.recovery.copy.CallerFacts;
import com.missedcall.recovery.copy.CallerKind;
import com.missedcall.recovery.copy.CopySlot;
import com.missedcall.recovery.copy.CopyTemplate;
import com.missedcall.recovery.copy.TemplateVariables;
import com.missedcall.recovery.copy.TextBackCopy;
import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.hours.OpenState;
import com.missedcall.recovery.hours.StoredHours;
import com.missedcall.recovery.sms.SmsSegments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.ZoneId;

/** A workspace's copy as the API shows it: every slot, the template serving it, and its preview right now. */
final class CopyView {
  /** An intake link as long as a real one, so previews count the segments callers will get. */
  static final String SAMPLE_TOKEN = "k3Xb9Qe2LmN7pR4sT8vW1y";

  private final String publicBaseUrl;

  CopyView(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  static TextBackCopy copyOf(Row row) {
    BusinessHours hours = StoredHours.read(ZoneId.of(row.getString("timezone")), row.getValue("weekly"),
        row.getValue("closures"));
    return TextBackCopy.fromStored(row.getString("textback_template"), CopyStore.slots(row), hours,
        row.getString("booking_link"), Boolean.TRUE.equals(row.getBoolean("textback_urgency_guidance")));
  }

  String sampleLink() {
    return publicBaseUrl + "/i/" + SAMPLE_TOKEN;
  }

  JsonObject of(long workspaceId, Row row, Instant now) {
    TextBackCopy copy = copyOf(row);
    JsonObject own = CopyStore.slots(row);
    JsonArray slots = new JsonArray();
    for (OpenState moment : OpenState.values()) {
      for (CallerKind caller : CallerKind.values()) {
        CopySlot slot = new CopySlot(moment, caller);
        CopySlot serving = copy.serving(slot);
        String template = slot.equals(CopySlot.DEFAULT) ? row.getString("textback_template") : own.getString(slot.key());
        String servingTemplate = serving.equals(CopySlot.DEFAULT) ? row.getString("textback_template")
            : own.getString(serving.key());
        slots.add(new JsonObject().put("moment", moment.code()).put("caller", caller.code())
            .put("template", template).put("served_by", serving.key())
            .put("preview", preview(copy, parsedOrLegacy(servingTemplate), slot, null, row, now)));
      }
    }
    return new JsonObject().put("workspace_id", workspaceId)
        .put("urgency_guidance", Boolean.TRUE.equals(row.getBoolean("textback_urgency_guidance")))
        .put("hours_configured", copy.hours() != null)
        .put("moment_now", copy.momentAt(now).code())
        .put("variables", new JsonArray(TemplateVariables.NAMES))
        .put("slots", slots);
  }

  JsonObject preview(TextBackCopy copy, CopyTemplate template, CopySlot slot, String firstName, Row row,
                     Instant now) {
    TemplateVariables values = copy.variables(now, row.getString("name"),
        new CallerFacts(slot.caller(), firstName, sampleLink()));
    TextBackCopy.Chosen chosen = copy.preview(template, slot, values, row.getString("name"),
        row.getString("optout_footer"));
    String body = chosen.text().body();
    String footer = row.getString("optout_footer");
    String fullFooter = footer == null ? "" : SmsSegments.toGsmFriendly(footer.strip());
    return new JsonObject()
        .put("slot", slot.key())
        .put("text", body)
        .put("segments", chosen.text().segments())
        .put("encoding", SmsSegments.isGsm7(body) ? "GSM-7" : "UCS-2")
        .put("characters", body.codePointCount(0, body.length()))
        .put("footer_shortened", !fullFooter.isEmpty() && !body.endsWith(fullFooter))
        .put("missing", new JsonArray(java.util.List.copyOf(chosen.missing())));
  }

  private static CopyTemplate parsedOrLegacy(String text) {
    try {
      return CopyTemplate.parse(text);
    } catch (com.missedcall.recovery.copy.TemplateRejected e) {
      return CopyTemplate.legacy(text);
    }
  }
}

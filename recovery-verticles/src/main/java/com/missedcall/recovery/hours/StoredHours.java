package com.missedcall.recovery.hours;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code workspace_hours} columns as a reader gets them from a row (JSON values, or null when the
 * workspace has no row). The admin API validated them on the way in; a row that no longer passes (written
 * by hand) is logged and treated as "hours not set", so it can never stop a text-back or a reply.
 */
public final class StoredHours {
  private static final Logger LOG = LoggerFactory.getLogger(StoredHours.class);

  private StoredHours() {}

  /** The hours, or null when none are set (or they are unreadable). */
  public static BusinessHours read(ZoneId zone, Object weekly, Object closures) {
    if (!(weekly instanceof JsonObject week)) {
      return null;
    }
    try {
      return BusinessHours.fromJson(zone, week, closures instanceof JsonArray c ? c : null);
    } catch (HoursRejected e) {
      LOG.atWarn().addKeyValue("problems", e.getMessage()).log("stored business hours unreadable, ignored");
      return null;
    }
  }
}

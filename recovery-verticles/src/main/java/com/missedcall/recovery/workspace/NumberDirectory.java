package com.missedcall.recovery.workspace;

import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.cache.ExpiringCache;
import com.missedcall.recovery.copy.TextBackCopy;
import com.missedcall.recovery.hours.StoredHours;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Resolves a called number to its tracked line through an in-memory cache backed by Postgres.
 * Entries expire after a short time (other processes may change numbers) and are dropped at once
 * when this process hears {@link Addresses#NUMBERS_CHANGED}. Unknown numbers are cached briefly too,
 * so a flood of calls to an unknown number does not become a flood of queries.
 */
public final class NumberDirectory {
  static final String FIND_BY_PHONE = """
      SELECT n.id, n.workspace_id, w.agency_id, n.account_sid, n.phone_number, n.routing_mode, n.business_phone,
             n.ring_timeout_seconds, n.active, w.name, w.status, w.timezone, w.duplicate_window_seconds,
             coalesce(w.daily_sms_cap, p.daily_sms_cap) AS daily_cap,
             coalesce(w.monthly_lead_cap, p.monthly_lead_cap) AS monthly_cap,
             w.textback_template, w.optout_footer, w.booking_link, w.textback_urgency_guidance,
             h.weekly AS hours_weekly, h.closures AS hours_closures,
             (SELECT jsonb_object_agg(t.moment || '/' || t.caller_kind, t.template)
                FROM textback_copy t WHERE t.workspace_id = w.id) AS copy_slots
        FROM tracked_numbers n
        JOIN workspaces w ON w.id = n.workspace_id
        JOIN plans p ON p.code = w.plan_code
        LEFT JOIN workspace_hours h ON h.workspace_id = w.id
       WHERE n.phone_number = $1 AND n.active""";

  private final Pool pool;
  private final ExpiringCache<String, TrackedLine> cache;

  public NumberDirectory(Pool pool, Duration ttl, Duration negativeTtl) {
    this.pool = pool;
    this.cache = new ExpiringCache<>(this::load, ttl, negativeTtl);
  }

  /** Listens for invalidations published by the admin API in this process. */
  public NumberDirectory listen(Vertx vertx) {
    vertx.eventBus().<String>consumer(Addresses.NUMBERS_CHANGED, msg -> invalidate(msg.body()));
    return this;
  }

  public void invalidate(String phone) {
    if (phone == null || "*".equals(phone)) {
      cache.clear();
    } else {
      cache.invalidate(phone);
    }
  }

  public Future<Optional<TrackedLine>> find(String phone) {
    return cache.get(phone);
  }

  private Future<Optional<TrackedLine>> load(String phone) {
    return pool.preparedQuery(FIND_BY_PHONE).execute(Tuple.of(phone))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toLine(rows.iterator().next())));
  }

  private static TrackedLine toLine(Row r) {
    ZoneId zone = ZoneId.of(r.getString("timezone"));
    TextBackCopy copy = TextBackCopy.fromStored(r.getString("textback_template"),
        r.getValue("copy_slots") instanceof JsonObject slots ? slots : null,
        StoredHours.read(zone, r.getValue("hours_weekly"), r.getValue("hours_closures")), r.getString("booking_link"),
        Boolean.TRUE.equals(r.getBoolean("textback_urgency_guidance")));
    return new TrackedLine(r.getLong("id"), r.getLong("workspace_id"), r.getLong("agency_id"),
        r.getString("account_sid"), r.getString("phone_number"), RoutingMode.of(r.getString("routing_mode")),
        r.getString("business_phone"), r.getInteger("ring_timeout_seconds"), r.getBoolean("active"),
        r.getString("name"), "active".equals(r.getString("status")), zone,
        r.getInteger("duplicate_window_seconds"), r.getInteger("daily_cap"), r.getInteger("monthly_cap"),
        r.getString("textback_template"), r.getString("optout_footer"), copy);
  }
}

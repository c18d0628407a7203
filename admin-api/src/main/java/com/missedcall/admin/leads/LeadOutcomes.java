package com.missedcall.admin.leads;

import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Json;
import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.calls.TextBackCancel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A lead's outcome, set by staff (API, dashboard) or by the business's tools (the signed outcome webhook):
 * {@code booked} (stage won, with an optional value: the only source of recovered revenue), {@code lost}, or
 * {@code open} again. Re-booking keeps the first booking time and takes the new value.
 */
public final class LeadOutcomes {
  public static final String BOOKED = "booked";
  static final BigDecimal MAX_VALUE = new BigDecimal("9999999999.99");
  static final String SET = """
      UPDATE leads l SET stage = CASE $3 WHEN 'booked' THEN 'won' WHEN 'lost' THEN 'lost' ELSE 'engaged' END,
             booked_at = CASE WHEN $3 = 'booked' THEN coalesce(l.booked_at, now()) END,
             booked_value = CASE WHEN $3 = 'booked' THEN $4::text::numeric END,
             outcome_source = CASE WHEN $3 = 'booked' THEN $5 END,
             updated_at = now()
        FROM workspaces w
       WHERE w.id = l.workspace_id AND w.agency_id = $1 AND l.id = $2
      RETURNING l.id, l.workspace_id, l.stage, l.booked_at, l.booked_value, l.outcome_source""";
  /** The business's tools name a lead by its id or by the caller's number, always within the signed workspace. */
  static final String RESOLVE = """
      SELECT id FROM leads
       WHERE workspace_id = $1 AND (($2::bigint IS NOT NULL AND id = $2) OR ($2::bigint IS NULL AND caller = $3))""";

  /** The outcome asked for: what and, when booked, for how much (null: no value given). */
  public record Outcome(String outcome, BigDecimal value) {
    /** From a body's {@code outcome} (default booked) and {@code value}; 400 {@code invalid_outcome} otherwise. */
    public static Outcome from(JsonObject body) {
      String outcome = body.getValue("outcome") instanceof String s ? s : body.containsKey("outcome") ? "" : BOOKED;
      if (!java.util.Set.of(BOOKED, "lost", "open").contains(outcome)) {
        throw ApiProblem.invalid("invalid_outcome", "outcome must be booked, lost or open");
      }
      Object raw = body.getValue("value");
      if (raw == null) {
        return new Outcome(outcome, null);
      }
      if (!(raw instanceof Number number)) {
        throw ApiProblem.invalid("invalid_value", "value must be a number, e.g. 250 or 99.50");
      }
      BigDecimal value = new BigDecimal(number.toString()).setScale(2, RoundingMode.HALF_UP);
      if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
        throw ApiProblem.invalid("invalid_value", "value must be between 0 and " + MAX_VALUE);
      }
      if (!BOOKED.equals(outcome)) {
        throw ApiProblem.invalid("invalid_value", "only a booked lead has a value");
      }
      return new Outcome(outcome, value);
    }

    public JsonObject toJson() {
      return new JsonObject().put("outcome", outcome).put("value", value == null ? null : value.doubleValue());
    }
  }

  /** The lead as changed, or empty when it is not the agency's. */
  public Future<Optional<JsonObject>> set(SqlClient db, long agencyId, long leadId, Outcome outcome, String source) {
    return db.preparedQuery(SET)
        .execute(Tuple.of(agencyId, leadId, outcome.outcome(),
            outcome.value() == null ? null : outcome.value().toPlainString(), source))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.<JsonObject>empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(Json.row(r, "id", "workspace_id", "stage", "booked_at", "booked_value", "outcome_source"));
        })
        // booked or lost: the lead is handled, a text-back still waiting out its send delay is not sent
        .compose(lead -> lead.isEmpty() || "open".equals(outcome.outcome()) ? Future.succeededFuture(lead)
            : TextBackCancel.cancelOn(db, lead.get().getLong("workspace_id"), leadId,
                DecisionReason.CANCELLED_LEAD_HANDLED).map(cancelled -> lead));
  }

  /** The workspace's lead by id or, without one, by the caller's number. */
  public Future<Optional<Long>> resolve(SqlClient db, long workspaceId, Long leadId, String caller) {
    return db.preparedQuery(RESOLVE).execute(Tuple.of(workspaceId, leadId, caller))
        .map(rows -> rows.size() == 0 ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong("id")));
  }
}

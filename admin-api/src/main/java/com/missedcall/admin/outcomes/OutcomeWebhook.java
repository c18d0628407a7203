package com.missedcall.admin.outcomes;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Json;
import com.missedcall.admin.leads.LeadOutcomes;
import com.missedcall.admin.webhooks.WebhookSigner;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The business's own tools (CRM, booking system) report that a lead booked, by
 * {@code POST /hooks/v1/workspaces/{id}/outcomes} signed like the gateway's own webhooks:
 * {@code X-Mcr-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}, within five minutes
 * of the time it names. Any signature problem, an unknown workspace included, answers the same 401. The body names
 * the lead by {@code lead_id} or {@code caller} (E.164), with {@code outcome} (booked by default) and {@code value}.
 */
public final class OutcomeWebhook implements Handler<RoutingContext> {
  public static final String SIGNATURE_HEADER = WebhookSigner.HEADER;
  static final long TOLERANCE_SECONDS = 300;
  private static final Pattern SIGNATURE = Pattern.compile("^t=(\\d{1,12}),v1=([0-9a-f]{64})$");
  private static final Pattern PHONE = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  static final String AGENCY_OF = "SELECT agency_id FROM workspaces WHERE id = $1";

  private final Pool pool;
  private final OutcomeSecretStore secrets;
  private final LeadOutcomes outcomes;
  private final AuditLog audit;
  private final Clock clock;

  public OutcomeWebhook(Pool pool, OutcomeSecretStore secrets, AuditLog audit, Clock clock) {
    this.pool = pool;
    this.secrets = secrets;
    this.outcomes = new LeadOutcomes();
    this.audit = audit;
    this.clock = clock;
  }

  public static String path(long workspaceId) {
    return "/hooks/v1/workspaces/" + workspaceId + "/outcomes";
  }

  @Override
  public void handle(RoutingContext ctx) {
    long workspaceId;
    try {
      workspaceId = Long.parseLong(ctx.pathParam("workspaceId"));
    } catch (NumberFormatException e) {
      ctx.fail(unsigned());
      return;
    }
    String raw = ctx.body().asString(StandardCharsets.UTF_8.name());
    String header = ctx.request().getHeader(SIGNATURE_HEADER);
    secrets.find(pool, workspaceId)
        .compose(secret -> secret.isPresent() && signed(secret.get(), header, raw == null ? "" : raw)
            ? apply(workspaceId, parse(raw)) : Future.failedFuture(unsigned()))
        .onSuccess(lead -> Json.ok(ctx, lead))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> apply(long workspaceId, Request request) {
    return pool.withTransaction(conn -> conn.preparedQuery(AGENCY_OF).execute(Tuple.of(workspaceId))
        .compose(rows -> {
          long agencyId = rows.iterator().next().getLong("agency_id");
          return outcomes.resolve(conn, workspaceId, request.leadId(), request.caller())
              .compose(lead -> lead.isEmpty() ? Future.failedFuture(ApiProblem.notFound("lead"))
                  : outcomes.set(conn, agencyId, lead.get(), request.outcome(), "webhook").map(java.util.Optional::get))
              .compose(changed -> audit.recordBy(conn, agencyId, "outcome_webhook", "lead.outcome", "lead",
                  changed.getLong("id"), request.outcome().toJson().put("source", "webhook")).map(changed));
        }));
  }

  /** The signature is over the raw body and a recent time; compared in constant time. */
  boolean signed(String secret, String header, String body) {
    if (header == null) {
      return false;
    }
    Matcher m = SIGNATURE.matcher(header.trim());
    if (!m.matches()) {
      return false;
    }
    long t = Long.parseLong(m.group(1));
    if (Math.abs(clock.instant().getEpochSecond() - t) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] expected = WebhookSigner.hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, m.group(2).getBytes(StandardCharsets.US_ASCII));
  }

  private record Request(Long leadId, String caller, LeadOutcomes.Outcome outcome) {}

  private static Request parse(String raw) {
    JsonObject body;
    try {
      body = new JsonObject(raw == null ? "" : raw);
    } catch (DecodeException | ClassCastException e) {
      throw ApiProblem.invalid("invalid_json", "The request body is not a JSON object");
    }
    Object lead = body.getValue("lead_id");
    Object caller = body.getValue("caller");
    if (lead != null && !(lead instanceof Number)) {
      throw ApiProblem.invalid("invalid_lead", "lead_id must be a number");
    }
    if (caller != null && !(caller instanceof String s && PHONE.matcher(s).matches())) {
      throw ApiProblem.invalid("invalid_lead", "caller must be an E.164 number such as +15005550100");
    }
    if (lead == null && caller == null) {
      throw ApiProblem.invalid("invalid_lead", "Name the lead by lead_id or by caller");
    }
    return new Request(lead == null ? null : ((Number) lead).longValue(), (String) caller,
        LeadOutcomes.Outcome.from(body));
  }

  private static ApiProblem unsigned() {
    return new ApiProblem(401, "invalid_signature",
        "X-Mcr-Signature is missing, malformed, too old or does not match the workspace's outcome secret");
  }
}

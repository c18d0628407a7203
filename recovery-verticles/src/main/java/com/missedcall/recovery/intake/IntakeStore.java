package com.missedcall.recovery.intake;

import com.missedcall.recovery.callback.CallbackRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code intake_links} and {@code intake_submissions}, and the lead facts a submission writes. */
public final class IntakeStore {
  static final String FIND = """
      SELECT l.id, l.workspace_id, l.lead_id, l.conversation_id, l.expires_at <= now() AS expired, sub.nonce,
             w.name, coalesce(s.brand_color, '#1d4ed8') AS brand_color, s.fields
        FROM intake_links l
        JOIN workspaces w ON w.id = l.workspace_id
        LEFT JOIN intake_settings s ON s.workspace_id = l.workspace_id
        LEFT JOIN intake_submissions sub ON sub.link_id = l.id
       WHERE l.token_sha256 = $1 AND l.purpose = 'intake'""";
  /** The page is on when one of the workspace's text-back templates offers it. */
  static final String PAGE_ON = """
      SELECT w.textback_template LIKE '%{intake_link%'
             OR EXISTS (SELECT 1 FROM textback_copy c WHERE c.workspace_id = w.id AND c.template LIKE '%{intake_link%')
             AS page_on
        FROM workspaces w WHERE w.id = $1""";
  /** A link made outside a decision (the intake script's first reply), living as long as the workspace's links do. */
  static final String CREATE_LINK = """
      INSERT INTO intake_links (token_sha256, workspace_id, lead_id, conversation_id, expires_at)
      VALUES ($1, $2, $3, $4, now() + make_interval(hours => coalesce((SELECT s.link_ttl_hours FROM intake_settings s
                                                                      WHERE s.workspace_id = $2), 72)))""";
  static final String LOCK = "SELECT id FROM intake_links WHERE token_sha256 = $1 FOR UPDATE";
  static final String OPENED = """
      UPDATE intake_links SET open_count = open_count + 1, first_opened_at = coalesce(first_opened_at, now())
       WHERE id = $1""";
  static final String SUBMIT = """
      INSERT INTO intake_submissions (link_id, workspace_id, nonce, fields) VALUES ($1, $2, $3, $4)
      ON CONFLICT (link_id) DO NOTHING""";
  static final String SUBMITTED = "UPDATE intake_links SET submitted_at = now() WHERE id = $1";
  /** One update, so the lead's webhook posts one lead.updated; answered facts qualify a new or engaged lead. */
  static final String LEAD_FACTS = """
      UPDATE leads SET need = coalesce($2, need), address = coalesce($3, address), urgency = coalesce($4, urgency),
                       first_name = coalesce($5, first_name), callback_time = coalesce($6, callback_time),
                       callback_from = CASE WHEN $6::text IS NULL THEN callback_from ELSE $7 END,
                       callback_to = CASE WHEN $6::text IS NULL THEN callback_to ELSE $8 END,
                       stage = CASE WHEN stage IN ('new', 'engaged') THEN 'qualified' ELSE stage END,
                       updated_at = now()
       WHERE id = $1""";

  public Future<Optional<IntakeLink>> find(SqlClient db, IntakeToken token) {
    return db.preparedQuery(FIND).execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(token.sha256())))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toLink(rows.iterator().next())));
  }

  public Future<Boolean> pageOn(SqlClient db, long workspaceId) {
    return db.preparedQuery(PAGE_ON).execute(Tuple.of(workspaceId))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("page_on")));
  }

  public Future<Void> createLink(SqlClient db, IntakeToken token, long workspaceId, long leadId, long conversationId) {
    return db.preparedQuery(CREATE_LINK).execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(token.sha256()),
        workspaceId, leadId, conversationId)).mapEmpty();
  }

  /** Locks the link's row for a submission (the first of several racing waits for the others). */
  public Future<Boolean> lock(SqlClient db, IntakeToken token) {
    return db.preparedQuery(LOCK).execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(token.sha256())))
        .map(rows -> rows.size() > 0);
  }

  public Future<Void> opened(SqlClient db, long linkId) {
    return db.preparedQuery(OPENED).execute(Tuple.of(linkId)).mapEmpty();
  }

  /** Stores the submission; false when the link already had one. */
  public Future<Boolean> submit(SqlClient db, IntakeLink link, String nonce, JsonObject fields) {
    return db.preparedQuery(SUBMIT).execute(Tuple.of(link.id(), link.workspaceId(), nonce, fields))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : db.preparedQuery(SUBMITTED).execute(Tuple.of(link.id())).map(true));
  }

  /** @param callback when to call back, null when the caller did not say (what the lead holds stays) */
  public Future<Void> leadFacts(SqlClient db, long leadId, IntakeForm form, CallbackRequest callback) {
    return db.preparedQuery(LEAD_FACTS).execute(Tuple.of(leadId, form.answer(IntakeField.NEED),
        form.answer(IntakeField.ADDRESS), form.answer(IntakeField.URGENCY), form.answer(IntakeField.FIRST_NAME),
        callback == null ? null : callback.said(), callback == null ? null : utc(callback.from()),
        callback == null ? null : utc(callback.to()))).mapEmpty();
  }

  private static java.time.OffsetDateTime utc(java.time.Instant t) {
    return t == null ? null : t.atOffset(java.time.ZoneOffset.UTC);
  }

  private static IntakeLink toLink(Row r) {
    List<IntakeField> fields = new ArrayList<>();
    String[] stored = r.getArrayOfStrings("fields");
    if (stored == null) {
      fields.addAll(IntakeField.DEFAULTS);
    } else {
      for (String code : stored) {
        IntakeField.of(code).ifPresent(fields::add);
      }
    }
    return new IntakeLink(r.getLong("id"), r.getLong("workspace_id"), r.getLong("lead_id"), r.getLong("conversation_id"),
        Boolean.TRUE.equals(r.getBoolean("expired")), r.getString("nonce"), r.getString("name"),
        r.getString("brand_color"), List.copyOf(fields));
  }
}

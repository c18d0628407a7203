package com.missedcall.recovery.timer;

import com.missedcall.recovery.work.ClaimSql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of conversation timers (migration V50): the columns of {@code conversations} that hold a conversation's
 * timed work, claimed for a {@link com.missedcall.recovery.work.LeaseEngine} with {@code FOR UPDATE SKIP LOCKED}
 * in the order of their next due instant (index {@code conversations_timer_due}), and every settle fenced by the
 * conversation's id and its {@code timer_claims}. A timer is held while {@code timer_lease_until} is set; a lease
 * that ran out (a crashed worker) makes it claimable again while it is still due.
 */
public final class TimerStore {
  private static final String DUE = "least(followup_due_at, close_due_at)";
  static final String CLAIM_DUE = """
      WITH c AS (SELECT id FROM conversations
                  WHERE (followup_due_at IS NOT NULL OR close_due_at IS NOT NULL)
                    AND %1$s <= now()
                    AND (timer_lease_until IS NULL OR timer_lease_until < now())
                  ORDER BY %1$s LIMIT $2
                  FOR UPDATE SKIP LOCKED)
      UPDATE conversations v SET timer_claims = v.timer_claims + 1, timer_tries = v.timer_tries + 1,
                                 timer_lease_until = clock_timestamp() + make_interval(secs => $1::double precision)
        FROM c WHERE v.id = c.id
      RETURNING v.id, v.workspace_id, v.lead_id, v.timer_claims, v.timer_tries""".formatted(DUE);
  /** Fenced: the claim is still the timer's current one and still held. */
  private static final String HELD = "WHERE id = $1 AND timer_claims = $2 AND timer_lease_until IS NOT NULL";
  static final String SETTLE = """
      UPDATE conversations SET followup_step = $3, followup_due_at = $4, followup_since = $5, close_due_at = $6,
                               timer_lease_until = NULL, timer_tries = 0, timer_last_error = NULL
      """ + HELD;
  static final String RETRY = """
      UPDATE conversations SET timer_lease_until = now() + make_interval(secs => $3::double precision),
                               timer_last_error = $4
      """ + HELD;
  /** Gives up the due work only: a step due later, or the other timer, stays. */
  static final String FAIL = """
      UPDATE conversations
         SET followup_step = CASE WHEN followup_due_at <= now() THEN NULL ELSE followup_step END,
             followup_since = CASE WHEN followup_due_at <= now() THEN NULL ELSE followup_since END,
             followup_due_at = CASE WHEN followup_due_at <= now() THEN NULL ELSE followup_due_at END,
             close_due_at = CASE WHEN close_due_at <= now() THEN NULL ELSE close_due_at END,
             timer_lease_until = NULL, timer_tries = 0, timer_last_error = $3
      """ + HELD;
  static final String STATE = """
      SELECT followup_step, followup_due_at, followup_since, close_due_at FROM conversations WHERE id = $1""";
  static final String CANCEL_FOLLOW_UP = """
      UPDATE conversations SET followup_step = NULL, followup_due_at = NULL, followup_since = NULL
       WHERE id = $1 AND followup_step IS NOT NULL""";
  /** The conversation's latest text-back (the one that started its ladder): where it is in the outbox. */
  static final String TEXTBACK_STATUS = """
      SELECT send_status FROM messages WHERE conversation_id = $1 AND kind = 'textback' ORDER BY id DESC LIMIT 1""";
  static final String CLOSE_AFTER = """
      UPDATE conversations SET close_due_at = now() + make_interval(secs => $2::double precision) WHERE id = $1""";

  /** How a {@link com.missedcall.recovery.conversations.ConversationTimer}'s engine claims, retries and gives up timers (due ones only: no wake-ups). */
  public static ClaimSql<DueTimer> claims() {
    return new ClaimSql<>(null, CLAIM_DUE, List.of(), TimerStore::toDue, RETRY, FAIL);
  }

  /** The conversation's timer as it is now; the caller holds the conversation's row lock. */
  public Future<Optional<TimerState>> state(SqlClient conn, long conversationId) {
    return conn.preparedQuery(STATE).execute(Tuple.of(conversationId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new TimerState(TimerState.Step.of(r.getString("followup_step")),
          instant(r.getOffsetDateTime("followup_due_at")), instant(r.getOffsetDateTime("followup_since")),
          instant(r.getOffsetDateTime("close_due_at"))));
    });
  }

  /**
   * Writes the timer's next state and lets it go, inside the transaction that wrote the steps' effects; fails
   * with {@link com.missedcall.recovery.work.StaleClaim} (so that transaction rolls back) when the claim's lease
   * ran out and another worker claimed the timer since.
   */
  public Future<Void> settle(SqlClient conn, DueTimer timer, TimerState next) {
    return timer.fence().applied(conn.preparedQuery(SETTLE).execute(Tuple.of(timer.conversationId(), timer.claims(),
        next.followUpStep() == null ? null : next.followUpStep().code(), utc(next.followUpDueAt()),
        utc(next.followUpSince()), utc(next.closeDueAt()))));
  }

  /** Stops the follow-up ladder (the caller replied, staff took over, the intake was completed). */
  public Future<Void> cancelFollowUp(SqlClient conn, long conversationId) {
    return conn.preparedQuery(CANCEL_FOLLOW_UP).execute(Tuple.of(conversationId)).mapEmpty();
  }

  /** The auto-close looks at the conversation {@code staleAfter} from the database's now. */
  public Future<Void> closeAfter(SqlClient conn, long conversationId, Duration staleAfter) {
    return conn.preparedQuery(CLOSE_AFTER).execute(Tuple.of(conversationId, staleAfter.toMillis() / 1000.0))
        .mapEmpty();
  }

  /**
   * Where the conversation's latest text-back is in the outbox ({@code pending}, {@code running}, {@code done},
   * ...); null when it has none.
   */
  public Future<String> textBackStatus(SqlClient conn, long conversationId) {
    return conn.preparedQuery(TEXTBACK_STATUS).execute(Tuple.of(conversationId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("send_status"));
  }

  private static DueTimer toDue(Row r) {
    return new DueTimer(r.getLong("id"), r.getLong("workspace_id"), r.getLong("lead_id"), r.getInteger("timer_claims"),
        r.getInteger("timer_tries"));
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}

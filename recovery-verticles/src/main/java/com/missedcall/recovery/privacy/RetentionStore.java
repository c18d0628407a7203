package com.missedcall.recovery.privacy;

import com.missedcall.recovery.work.Claim;
import com.missedcall.recovery.work.ClaimSql;
import com.missedcall.recovery.work.Fence;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Owns {@code retention_purges} (V64): the day's purge job of every workspace with a retention setting, its claim
 * by a {@link com.missedcall.recovery.work.LeaseEngine}, and the purge itself (message bodies and voice transcripts
 * older than the workspace's {@code workspace_retention} days blanked, a chunk at a time).
 */
public final class RetentionStore {
  /** Rows blanked per statement: short transactions, however much a workspace kept. */
  static final int CHUNK = 1000;

  /** Today's job of each workspace that keeps something for a limited time; the unique day makes it one. */
  static final String PLAN = """
      INSERT INTO retention_purges (workspace_id, day)
      SELECT r.workspace_id, (now() AT TIME ZONE 'UTC')::date
        FROM workspace_retention r
       WHERE r.message_body_days IS NOT NULL OR r.transcript_days IS NOT NULL
      ON CONFLICT (workspace_id, day) DO NOTHING""";
  static final String CLAIM_DUE = """
      WITH c AS (SELECT id FROM retention_purges
                  WHERE (status = 'pending' AND due_at <= now()) OR (status = 'running' AND lease_until < now())
                  ORDER BY due_at
                  LIMIT $2
                  FOR UPDATE SKIP LOCKED)
      UPDATE retention_purges p
         SET status = 'running', attempts = p.attempts + 1,
             lease_until = now() + make_interval(secs => $1::double precision), updated_at = now()
        FROM c WHERE p.id = c.id
      RETURNING p.id, p.attempts, p.workspace_id, p.day""";
  static final String RETRY = """
      UPDATE retention_purges
         SET status = 'pending', due_at = now() + make_interval(secs => $3::double precision), last_error = $4,
             lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String FAIL = """
      UPDATE retention_purges SET status = 'failed', last_error = $3, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String DONE = """
      UPDATE retention_purges
         SET status = 'done', messages_blanked = $3, transcripts_blanked = $4, finished_at = now(),
             lease_until = NULL, last_error = NULL, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'running'""";
  static final String SETTINGS = """
      SELECT message_body_days, transcript_days FROM workspace_retention WHERE workspace_id = $1""";
  /** A text still waiting to be sent keeps its body: blanking it would send an empty text. */
  static final String BLANK_BODIES = """
      UPDATE messages m SET body = '', body_purged_at = now()
        FROM (SELECT id FROM messages
               WHERE workspace_id = $1 AND body <> '' AND created_at < now() - make_interval(days => $2)
                 AND send_status IS DISTINCT FROM 'pending' AND send_status IS DISTINCT FROM 'running'
               LIMIT $3
               FOR UPDATE SKIP LOCKED) old
       WHERE m.id = old.id""";
  static final String BLANK_TURNS = """
      UPDATE voice_turns t SET caller_words = NULL, assistant_words = '', twiml = ''
        FROM voice_calls v
       WHERE v.workspace_id = $1 AND v.started_at < now() - make_interval(days => $2) AND t.voice_call_id = v.id
         AND (t.caller_words IS NOT NULL OR t.assistant_words <> '' OR t.twiml <> '')""";
  static final String BLANK_TRANSCRIPTS = """
      UPDATE voice_calls SET transcript = NULL, transcript_purged_at = now()
       WHERE workspace_id = $1 AND started_at < now() - make_interval(days => $2) AND transcript IS NOT NULL""";

  /** One day's purge of one workspace, claimed. */
  public record Purge(long id, int attempt, long workspaceId, LocalDate day) implements Claim {
    @Override
    public Fence fence() {
      return new Fence(id, attempt);
    }
  }

  /** The workspace's retention: days, or null to keep. */
  public record Settings(Integer messageBodyDays, Integer transcriptDays) {}

  static final ClaimSql<Purge> CLAIMS = new ClaimSql<>(null, CLAIM_DUE, List.of(),
      r -> new Purge(r.getLong("id"), r.getInteger("attempts"), r.getLong("workspace_id"), r.getLocalDate("day")),
      RETRY, FAIL);

  public ClaimSql<Purge> claims() {
    return CLAIMS;
  }

  /** Plans today's jobs; completes with how many this call created (0 when another process was first). */
  public Future<Integer> plan(SqlClient db) {
    return db.query(PLAN).execute().map(rows -> rows.rowCount());
  }

  public Future<Optional<Settings>> settings(SqlClient db, long workspaceId) {
    return db.preparedQuery(SETTINGS).execute(Tuple.of(workspaceId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new Settings(r.getInteger("message_body_days"), r.getInteger("transcript_days")));
    });
  }

  /** Blanks one chunk of old message bodies; completes with how many. */
  public Future<Integer> blankBodies(SqlClient db, long workspaceId, int days) {
    return db.preparedQuery(BLANK_BODIES).execute(Tuple.of(workspaceId, days, CHUNK)).map(rows -> rows.rowCount());
  }

  /** Blanks the old voice turns and transcripts; completes with how many calls lost their transcript. */
  public Future<Integer> blankTranscripts(SqlClient db, long workspaceId, int days) {
    return db.preparedQuery(BLANK_TURNS).execute(Tuple.of(workspaceId, days))
        .compose(v -> db.preparedQuery(BLANK_TRANSCRIPTS).execute(Tuple.of(workspaceId, days)))
        .map(rows -> rows.rowCount());
  }

  /** Settles the job done with what it blanked; fenced by its claim. */
  public Future<Void> done(SqlClient db, Purge job, int messages, int transcripts) {
    return job.fence().applied(db.preparedQuery(DONE)
        .execute(Tuple.of(job.id(), job.attempt(), messages, transcripts)));
  }
}

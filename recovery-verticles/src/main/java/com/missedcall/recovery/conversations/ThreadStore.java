package com.missedcall.recovery.conversations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The SQL of a conversation's messages as the workers read them: the text being answered and the thread. */
public final class ThreadStore {
  static final String INBOUND = """
      SELECT m.id, m.body, m.created_at,
             EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = m.conversation_id AND n.direction = 'inbound'
                        AND n.kind = 'inbound' AND n.id > m.id) AS newer
        FROM messages m WHERE m.id = $1""";
  /** The thread as the caller sees it: their texts and ours to them, keyword exchanges left out. */
  static final String HISTORY = """
      SELECT direction, body FROM messages
       WHERE conversation_id = $1 AND kind NOT IN ('keyword', 'help', 'optout_confirm')
         AND (direction = 'inbound' OR to_number = $2)
       ORDER BY id DESC LIMIT $3""";

  /** The inbound text an AI reply answers. {@code newer}: the caller wrote again since. */
  public record Inbound(long id, String body, Instant createdAt, boolean newer) {}

  /** One line of the thread: {@code inbound} from the caller, else from us. */
  public record Line(boolean inbound, String body) {}

  public Future<Optional<Inbound>> inbound(SqlClient conn, long messageId) {
    return conn.preparedQuery(INBOUND).execute(Tuple.of(messageId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new Inbound(r.getLong("id"), r.getString("body"),
          r.getOffsetDateTime("created_at").toInstant(), Boolean.TRUE.equals(r.getBoolean("newer"))));
    });
  }

  /** The last {@code limit} lines of the thread, oldest first. */
  public Future<List<Line>> history(SqlClient conn, ConversationContext ctx, int limit) {
    return conn.preparedQuery(HISTORY).execute(Tuple.of(ctx.id(), ctx.caller(), limit)).map(rows -> {
      List<Line> lines = new ArrayList<>();
      for (Row r : rows) {
        lines.add(new Line("inbound".equals(r.getString("direction")), r.getString("body")));
      }
      Collections.reverse(lines);
      return lines;
    });
  }

}

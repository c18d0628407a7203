-- The dashboard at a million calls: per workspace per hour counts of calls by decision and reason, folded
-- from calls by a periodic worker outside the decision transaction (call_rollup_fold), plus indexes that
-- match the dashboard's filters. Hours are UTC hour starts, so any timezone with a whole-hour offset
-- cuts its days on bucket edges; the overview of a workspace in another zone counts calls directly.

CREATE TABLE call_rollup_hourly (
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  hour          timestamptz NOT NULL,
  decision      text        NOT NULL,
  reason        text        NOT NULL,
  calls         integer     NOT NULL CHECK (calls > 0),
  PRIMARY KEY (workspace_id, hour, decision, reason) INCLUDE (calls)
);
-- buckets still holding undecided calls are folded again until they are decided
CREATE INDEX call_rollup_hourly_pending ON call_rollup_hourly (workspace_id, hour) WHERE decision = 'pending';

-- One row. Readers take the rollup for hours before fresh_hour and count calls from fresh_hour on; the
-- fold holds this row's lock while it runs, so two processes never fold at once.
CREATE TABLE call_rollup_state (
  id            boolean     PRIMARY KEY DEFAULT true CHECK (id),
  fresh_hour    timestamptz NOT NULL,
  last_call_id  bigint      NOT NULL,
  folded_at     timestamptz
);
INSERT INTO call_rollup_state (fresh_hour, last_call_id) VALUES ('-infinity', 0);

-- Recomputes every bucket that may have changed since the last fold, whole, from calls (so a fold is
-- idempotent and a crash mid-fold loses nothing): buckets of calls inserted since the last fold (with a
-- margin of ids for transactions that committed late, and for the reconciler's late calls with an old
-- received_at), buckets of calls received in the last p_recent (decisions still landing), and buckets
-- that still held undecided calls. At most p_batch new call ids per fold, so one fold stays short (a
-- first fold of a big database catches up over several); fresh_hour moves only once caught up. Returns
-- the buckets folded (-1 when another process is folding) and whether every call is folded.
CREATE FUNCTION call_rollup_fold(p_recent interval DEFAULT interval '10 minutes', p_id_margin bigint DEFAULT 10000,
                                 p_batch bigint DEFAULT 50000, OUT buckets integer, OUT caught_up boolean)
LANGUAGE plpgsql AS $$
DECLARE
  s        call_rollup_state;
  v_start  timestamptz := clock_timestamp();
  v_max_id bigint;
  v_top_id bigint;
  v_ws     bigint[];
  v_hours  timestamptz[];
BEGIN
  SELECT * INTO s FROM call_rollup_state FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    buckets := -1;
    caught_up := false;
    RETURN;
  END IF;
  SELECT coalesce(max(id), 0) INTO v_top_id FROM calls;
  v_max_id := least(v_top_id, s.last_call_id + p_batch);
  SELECT coalesce(array_agg(d.workspace_id), '{}'), coalesce(array_agg(d.hour), '{}') INTO v_ws, v_hours FROM (
    SELECT c.workspace_id, date_trunc('hour', c.received_at) AS hour
      FROM calls c WHERE c.id > s.last_call_id - p_id_margin AND c.id <= v_max_id
    UNION
    SELECT w.id, date_trunc('hour', r.received_at)
      FROM workspaces w
      CROSS JOIN LATERAL (SELECT c.received_at FROM calls c
                           WHERE c.workspace_id = w.id AND c.received_at >= v_start - p_recent) r
    UNION
    SELECT p.workspace_id, p.hour FROM call_rollup_hourly p WHERE p.decision = 'pending') d;
  DELETE FROM call_rollup_hourly r
   USING unnest(v_ws, v_hours) AS d(workspace_id, hour)
   WHERE r.workspace_id = d.workspace_id AND r.hour = d.hour;
  INSERT INTO call_rollup_hourly (workspace_id, hour, decision, reason, calls)
  SELECT c.workspace_id, d.hour, c.decision, c.reason, count(*)
    FROM unnest(v_ws, v_hours) AS d(workspace_id, hour)
    JOIN calls c ON c.workspace_id = d.workspace_id AND c.received_at >= d.hour AND c.received_at < d.hour + interval '1 hour'
   GROUP BY 1, 2, 3, 4;
  caught_up := v_max_id >= v_top_id;
  UPDATE call_rollup_state
     SET fresh_hour = CASE WHEN caught_up THEN date_trunc('hour', v_start - p_recent) ELSE s.fresh_hour END,
         last_call_id = greatest(s.last_call_id, v_max_id), folded_at = v_start;
  buckets := cardinality(v_ws);
END
$$;

-- recovered leads over a window: a lead texted in the window is one whose last text-back is in it
CREATE INDEX leads_workspace_texted ON leads (workspace_id, last_texted_at) WHERE last_texted_at IS NOT NULL;
-- the overview's median time to text-back reads a window of a workspace's text-backs
CREATE INDEX messages_textback_created ON messages (workspace_id, created_at) WHERE kind = 'textback';
-- the setup check's last text from a tracked number
CREATE INDEX messages_outbound_sender ON messages (workspace_id, from_number, id DESC) WHERE direction = 'outbound';

-- Recomputes every bucket of call_rollup_hourly (V16; by voice outcome since V70) that may have changed since the last fold, whole, from
-- calls (so a fold is idempotent and a crash mid-fold loses nothing): buckets of calls inserted since the
-- last fold (with a margin of ids for transactions that committed late, and for the reconciler's late calls
-- with an old received_at), buckets of calls received in the last p_recent (decisions still landing), and
-- buckets that still held undecided calls. At most p_batch new call ids per fold, so one fold stays short (a
-- first fold of a big database catches up over several); fresh_hour moves only once caught up. Returns the
-- buckets folded (-1 when another process is folding) and whether every call is folded. Test calls (V60
-- calls.is_test) are never counted: reports leave them out.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION call_rollup_fold(p_recent interval DEFAULT interval '10 minutes', p_id_margin bigint DEFAULT 10000,
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
  INSERT INTO call_rollup_hourly (workspace_id, hour, decision, reason, voice_outcome, calls)
  SELECT c.workspace_id, d.hour, c.decision, c.reason, coalesce(c.voice_outcome, ''), count(*)
    FROM unnest(v_ws, v_hours) AS d(workspace_id, hour)
    JOIN calls c ON c.workspace_id = d.workspace_id AND c.received_at >= d.hour AND c.received_at < d.hour + interval '1 hour'
   WHERE NOT c.is_test
   GROUP BY 1, 2, 3, 4, 5;
  caught_up := v_max_id >= v_top_id;
  UPDATE call_rollup_state
     SET fresh_hour = CASE WHEN caught_up THEN date_trunc('hour', v_start - p_recent) ELSE s.fresh_hour END,
         last_call_id = greatest(s.last_call_id, v_max_id), folded_at = v_start;
  buckets := cardinality(v_ws);
END
$$;

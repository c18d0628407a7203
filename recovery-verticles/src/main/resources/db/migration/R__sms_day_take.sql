-- One more SMS under the workspace's daily cap, if there is room (today in the workspace's time zone).
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION sms_day_take(p_workspace_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_day  integer;
  v_cap  integer;
  v_used integer;
BEGIN
  SELECT to_char(now() AT TIME ZONE w.timezone, 'YYYYMMDD')::integer, coalesce(w.daily_sms_cap, p.daily_sms_cap)
    INTO v_day, v_cap
    FROM workspaces w JOIN plans p ON p.code = w.plan_code
   WHERE w.id = p_workspace_id;
  INSERT INTO usage_counters AS u (workspace_id, metric, period, used)
  VALUES (p_workspace_id, 'sms_day', v_day, 0)
  ON CONFLICT (workspace_id, metric, period) DO UPDATE SET used = u.used
  RETURNING u.used INTO v_used;
  IF v_used >= v_cap THEN
    RETURN false;
  END IF;
  UPDATE usage_counters SET used = used + 1
   WHERE workspace_id = p_workspace_id AND metric = 'sms_day' AND period = v_day;
  RETURN true;
END;
$$;

-- Bookkeeping columns are left out of what a lead event carries and of what counts as an update.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION webhook_lead_json(l leads) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT to_jsonb(l) - ARRAY['counted_month', 'last_texted_at']
$$;

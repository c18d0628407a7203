-- Trigger webhook_on_lead (V4), AFTER INSERT OR UPDATE ON leads: lead.created, and lead.updated when anything
-- but bookkeeping changed.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION webhook_on_lead() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_type text := CASE WHEN TG_OP = 'INSERT' THEN 'lead.created' ELSE 'lead.updated' END;
BEGIN
  -- the lead's JSON is built (and, for an update, compared) only when someone takes the event: every decided
  -- call writes its lead, and most workspaces have no endpoint
  IF NOT webhook_subscribed(NEW.workspace_id, v_type) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM webhook_emit(NEW.workspace_id, v_type, webhook_lead_json(NEW));
  ELSIF (webhook_lead_json(NEW) - 'updated_at') IS DISTINCT FROM (webhook_lead_json(OLD) - 'updated_at') THEN
    PERFORM webhook_emit(NEW.workspace_id, v_type, webhook_lead_json(NEW));
  END IF;
  RETURN NULL;
END
$$;

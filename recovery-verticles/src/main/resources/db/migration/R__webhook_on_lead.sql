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
  -- Cheap test first: is any active endpoint of the workspace's agency subscribed to this type? Only then is
  -- the lead's JSON built (and, for an update, compared). Most workspaces have none, and every decided call
  -- writes its lead: this keeps the hot path at one index probe here (webhook_emit checks again, in the same
  -- snapshot, and queues one event per endpoint).
  IF NOT EXISTS (SELECT 1 FROM workspaces w JOIN webhook_endpoints e ON e.agency_id = w.agency_id
                  WHERE w.id = NEW.workspace_id AND e.active AND e.deleted_at IS NULL AND v_type = ANY (e.events)) THEN
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

-- Whether any active endpoint of the workspace's agency takes events of this type: the rule webhook_emit
-- delivers by, asked first by the webhook triggers so they build a row's JSON only when someone will receive it
-- (most workspaces have no endpoint, and every decided call writes its lead). A one-query SQL function, inlined
-- by the planner into the trigger's expression (no statement of its own).
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION webhook_subscribed(p_workspace_id bigint, p_type text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM workspaces w JOIN webhook_endpoints e ON e.agency_id = w.agency_id
                  WHERE w.id = p_workspace_id AND e.active AND e.deleted_at IS NULL AND p_type = ANY (e.events))
$$;

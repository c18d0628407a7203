-- Queues one event for every active endpoint of the workspace's agency subscribed to it, in the
-- caller's transaction: the event exists exactly when the change it reports committed.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION webhook_emit(p_workspace_id bigint, p_type text, p_data jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_agency   bigint;
  v_event    uuid;
  v_payload  jsonb;
  v_delivery bigint;
  e          record;
BEGIN
  SELECT agency_id INTO v_agency FROM workspaces WHERE id = p_workspace_id;
  FOR e IN SELECT id FROM webhook_endpoints
            WHERE agency_id = v_agency AND active AND deleted_at IS NULL AND p_type = ANY (events) LOOP
    IF v_event IS NULL THEN
      v_event := gen_random_uuid();
      v_payload := jsonb_build_object(
        'id', v_event, 'type', p_type, 'workspace_id', p_workspace_id,
        'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'data', p_data);
    END IF;
    INSERT INTO webhook_deliveries (agency_id, endpoint_id, workspace_id, event_id, event_type, payload, next_attempt_at)
    VALUES (v_agency, e.id, p_workspace_id, v_event, p_type, v_payload, now())
    RETURNING id INTO v_delivery;
    INSERT INTO jobs (workspace_id, kind, payload)
    VALUES (p_workspace_id, 'webhook', jsonb_build_object('delivery_id', v_delivery));
  END LOOP;
END
$$;

-- The lead's open conversation, opening one when there is none or when the open one went stale (it is
-- closed first, with its pending work). The caller must hold the lead's row lock. Returns the id,
-- negated when the conversation was opened by this call. A conversation it opens has its auto-close set
-- (stale_after from now) and, with p_followup_due_at, the first step of its follow-up ladder.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
DROP FUNCTION IF EXISTS conversation_for_lead(bigint, bigint, text, text, text, integer, boolean);
CREATE OR REPLACE FUNCTION conversation_for_lead(p_workspace_id bigint, p_lead_id bigint, p_account_sid text,
                                      p_business_number text, p_caller text, p_stale_after_seconds integer,
                                      p_inbound boolean, p_followup_due_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_id       bigint;
  v_activity timestamptz;
BEGIN
  SELECT c.id, c.last_activity_at INTO v_id, v_activity
    FROM conversations c WHERE c.lead_id = p_lead_id AND c.status = 'open'
     FOR UPDATE;
  IF v_id IS NOT NULL AND v_activity < now() - make_interval(secs => p_stale_after_seconds) THEN
    PERFORM conversation_close(v_id, 'stale');
    v_id := NULL;
  END IF;
  IF v_id IS NOT NULL THEN
    RETURN v_id;
  END IF;
  INSERT INTO conversations (workspace_id, lead_id, account_sid, business_number, caller, last_inbound_at,
                             close_due_at, followup_step, followup_due_at, followup_since)
  VALUES (p_workspace_id, p_lead_id, p_account_sid, p_business_number, p_caller,
          CASE WHEN p_inbound THEN now() END,
          now() + make_interval(secs => p_stale_after_seconds),
          CASE WHEN p_followup_due_at IS NOT NULL THEN 'followup' END, p_followup_due_at,
          CASE WHEN p_followup_due_at IS NOT NULL THEN now() END)
  RETURNING id INTO v_id;
  RETURN -v_id;
END;
$$;

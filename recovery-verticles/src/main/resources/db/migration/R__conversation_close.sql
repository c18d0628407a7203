-- Closes an open conversation and cancels its pending work (its timer: the follow-up ladder and the auto-close;
-- replies not yet written). Returns false when it was not open.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION conversation_close(p_conversation_id bigint, p_reason text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_ws bigint;
BEGIN
  UPDATE conversations SET status = 'closed', closed_at = now(), close_reason = p_reason,
                           staff_takeover = false, last_activity_at = now(),
                           followup_step = NULL, followup_due_at = NULL, followup_since = NULL, close_due_at = NULL
   WHERE id = p_conversation_id AND status = 'open'
  RETURNING workspace_id INTO v_ws;
  IF v_ws IS NULL THEN
    RETURN false;
  END IF;
  UPDATE jobs SET status = 'cancelled', updated_at = now()
   WHERE conversation_id = p_conversation_id AND status = 'pending'
     AND kind = 'ai_reply';
  INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason)
  VALUES (v_ws, p_conversation_id, 'closed', p_reason);
  RETURN true;
END;
$$;

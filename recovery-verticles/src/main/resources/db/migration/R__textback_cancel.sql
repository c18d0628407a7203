-- Cancels a lead's text-back that is still waiting out its send delay (issue #14 item 4, V55) because it has
-- become redundant; p_reason says why and is stored on the text-back's call (decision 'skipped'):
--   cancelled_answered_call  the caller called again and the business answered (recovery_decide)
--   cancelled_caller_texted  the caller texted first; the conversation goes on from their text (inbound_sms_receive)
--   cancelled_staff_message  staff texted the caller (ConversationService)
--   cancelled_lead_handled   staff marked the lead handled: its stage or outcome changed (admin API)
-- Only a text-back never claimed can be cancelled (pending, no attempt, no unknown outcome): the row lock decides
-- between this and the sender's claim, so a text-back is either cancelled or sent, never both. Returns what it
-- cancelled. The follow-up queued with it finds its text-back cancelled and skips itself.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). To change its arguments or result columns,
-- DROP FUNCTION IF EXISTS the old signature at the top of this file first.
CREATE OR REPLACE FUNCTION textback_cancel(p_workspace_id bigint, p_lead_id bigint, p_reason text)
RETURNS TABLE (message_id bigint, call_id bigint)
LANGUAGE sql AS $$
  WITH m AS (
    UPDATE messages m
       SET send_status = 'cancelled', status = 'canceled', last_error = p_reason, lease_until = NULL,
           updated_at = now()
     WHERE m.workspace_id = p_workspace_id AND m.lead_id = p_lead_id AND m.kind = 'textback'
       AND m.send_status = 'pending' AND m.attempts = 0 AND m.last_outcome = 'none'
       AND m.send_delay_seconds IS NOT NULL
    RETURNING m.id, m.call_id, m.conversation_id),
  c AS (
    UPDATE calls c SET decision = 'skipped', reason = p_reason
      FROM m WHERE c.id = m.call_id AND c.workspace_id = p_workspace_id
    RETURNING c.id),
  e AS (
    INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
    SELECT p_workspace_id, m.conversation_id, 'textback_cancelled', p_reason,
           jsonb_build_object('message_id', m.id, 'call_id', m.call_id)
      FROM m WHERE m.conversation_id IS NOT NULL)
  SELECT m.id, m.call_id FROM m;
$$;

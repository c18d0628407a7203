-- An inbound SMS, in one statement: store it once per MessageSid, attach it to the caller's lead and open
-- conversation (opening one if needed) or list it as unmatched, honour STOP/START/HELP before anything
-- else, cancel the follow-up ladder (the caller replied), raise the urgent alert at most once per
-- conversation, and queue the work that answers it. Returns the jobs to wake.
--
-- p_keyword: 'stop', 'start', 'help' or null; p_keyword_source: 'keyword' or 'optout_type'.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION inbound_sms_receive(
  p_workspace_id    bigint,
  p_account_sid     text,
  p_business_number text,
  p_caller          text,
  p_body            text,
  p_message_sid     text,
  p_segments        integer,
  p_keyword         text,
  p_keyword_source  text)
RETURNS TABLE (outcome text, message_id bigint, lead_id bigint, conversation_id bigint, job_ids bigint[])
LANGUAGE plpgsql AS $$
DECLARE
  v_msg_id    bigint;
  v_lead_id   bigint;
  v_conv      record;
  v_conv_id   bigint;
  v_opted_out boolean;
  v_word      text;
  v_jobs      bigint[] := ARRAY[]::bigint[];
  v_job       bigint;
  v_outcome   text;
  ws          record;
BEGIN
  INSERT INTO messages AS m (workspace_id, direction, kind, from_number, to_number, body, segments, message_sid, status)
  VALUES (p_workspace_id, 'inbound', CASE WHEN p_keyword IS NULL THEN 'inbound' ELSE 'keyword' END,
          p_caller, p_business_number, p_body, p_segments, p_message_sid, 'received')
  ON CONFLICT (message_sid) DO NOTHING
  RETURNING m.id INTO v_msg_id;
  IF v_msg_id IS NULL THEN
    RETURN QUERY SELECT 'duplicate'::text, m.id, m.lead_id, m.conversation_id, ARRAY[]::bigint[]
                   FROM messages m WHERE m.message_sid = p_message_sid;
    RETURN;
  END IF;

  SELECT w.stale_after_seconds, w.emergency_words INTO ws FROM workspaces w WHERE w.id = p_workspace_id;

  SELECT l.id INTO v_lead_id FROM leads l
   WHERE l.workspace_id = p_workspace_id AND l.caller = p_caller
     FOR UPDATE;

  IF v_lead_id IS NULL THEN
    INSERT INTO unmatched_replies (workspace_id, message_id, from_number, to_number)
    VALUES (p_workspace_id, v_msg_id, p_caller, p_business_number);
    v_outcome := 'unmatched';
  ELSE
    v_conv_id := abs(conversation_for_lead(p_workspace_id, v_lead_id, p_account_sid, p_business_number, p_caller,
                                           ws.stale_after_seconds, true));
    SELECT c.* INTO v_conv FROM conversations c WHERE c.id = v_conv_id;
    -- the caller answered: the follow-up ladder stops here
    UPDATE conversations SET last_inbound_at = now(), last_activity_at = now(),
                             followup_step = NULL, followup_due_at = NULL, followup_since = NULL
     WHERE id = v_conv_id;
    -- the caller texted first: a text-back still waiting out its send delay is not sent (V55)
    PERFORM textback_cancel(p_workspace_id, v_lead_id, 'cancelled_caller_texted');
    UPDATE messages SET lead_id = v_lead_id, conversation_id = v_conv_id WHERE id = v_msg_id;
    UPDATE leads SET stage = CASE WHEN stage = 'new' THEN 'engaged' ELSE stage END, updated_at = now()
     WHERE id = v_lead_id;
  END IF;

  IF p_keyword = 'stop' THEN
    INSERT INTO opt_outs (workspace_id, phone, source, evidence, message_sid)
    VALUES (p_workspace_id, p_caller, p_keyword_source, p_body, p_message_sid)
    ON CONFLICT (workspace_id, phone) DO UPDATE
      SET source = EXCLUDED.source, evidence = EXCLUDED.evidence, message_sid = EXCLUDED.message_sid,
          opted_out_at = now();
    INSERT INTO consent_events (workspace_id, phone, action, source, words, message_sid)
    VALUES (p_workspace_id, p_caller, 'opt_out', p_keyword_source, p_body, p_message_sid);
    IF v_conv_id IS NOT NULL THEN
      INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
      VALUES (p_workspace_id, v_conv_id, 'opted_out', p_keyword_source, jsonb_build_object('words', p_body));
      UPDATE jobs SET status = 'cancelled', updated_at = now()
       WHERE jobs.conversation_id = v_conv_id AND status = 'pending' AND kind = 'ai_reply';
    END IF;
    v_outcome := 'opted_out';
  ELSIF p_keyword = 'start' THEN
    DELETE FROM opt_outs o WHERE o.workspace_id = p_workspace_id AND o.phone = p_caller;
    -- and the ledger's open opt-outs of the number, an erased caller's included (R__privacy_opt_in.sql)
    PERFORM privacy_opt_in(p_workspace_id, p_caller);
    INSERT INTO consent_events (workspace_id, phone, action, source, words, message_sid)
    VALUES (p_workspace_id, p_caller, 'opt_in', p_keyword_source, p_body, p_message_sid);
    IF v_conv_id IS NOT NULL THEN
      INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
      VALUES (p_workspace_id, v_conv_id, 'opted_in', p_keyword_source, jsonb_build_object('words', p_body));
    END IF;
    v_outcome := 'opted_in';
  ELSIF p_keyword = 'help' THEN
    INSERT INTO consent_events (workspace_id, phone, action, source, words, message_sid)
    VALUES (p_workspace_id, p_caller, 'help', p_keyword_source, p_body, p_message_sid);
    IF v_conv_id IS NOT NULL THEN
      INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
      VALUES (p_workspace_id, v_conv_id, 'help_requested', p_keyword_source, jsonb_build_object('words', p_body));
    END IF;
    INSERT INTO jobs (workspace_id, kind, conversation_id, payload)
    VALUES (p_workspace_id, 'help_reply', v_conv_id,
            jsonb_build_object('message_id', v_msg_id, 'account_sid', p_account_sid,
                               'business_number', p_business_number, 'caller', p_caller))
    RETURNING id INTO v_job;
    v_jobs := v_jobs || v_job;
    v_outcome := 'help';
  ELSIF v_conv_id IS NOT NULL THEN
    v_word := text_mentions(p_body, ws.emergency_words);
    IF v_word IS NOT NULL THEN
      UPDATE leads SET urgency = 'emergency', updated_at = now() WHERE id = v_lead_id;
      IF NOT coalesce(v_conv.urgent_alerted, false) THEN
        UPDATE conversations SET urgent_alerted = true WHERE id = v_conv_id;
        INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, detail)
        VALUES (p_workspace_id, v_conv_id, 'urgent_detected', 'emergency_word', jsonb_build_object('word', v_word));
        INSERT INTO jobs (workspace_id, kind, conversation_id, payload)
        VALUES (p_workspace_id, 'urgent_alert', v_conv_id, jsonb_build_object('message_id', v_msg_id, 'word', v_word))
        RETURNING id INTO v_job;
        v_jobs := v_jobs || v_job;
      END IF;
    END IF;
    INSERT INTO jobs (workspace_id, kind, conversation_id, payload)
    VALUES (p_workspace_id, 'ai_reply', v_conv_id, jsonb_build_object('message_id', v_msg_id))
    RETURNING id INTO v_job;
    v_jobs := v_jobs || v_job;
    v_outcome := 'reply';
  END IF;

  RETURN QUERY SELECT v_outcome, v_msg_id, v_lead_id, v_conv_id, v_jobs;
END;
$$;

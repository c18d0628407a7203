-- Erase a caller from one workspace, in the caller's transaction (the admin API runs one per workspace and writes
-- its audit entry in the same one). What identifies or describes the caller is deleted; rows other records count
-- on are kept but irreversibly anonymised:
--   deleted:     the lead; its conversations and their events; intake links and submissions (the intake answers);
--                callback requests (V73);
--                voice calls with their turns, transcripts, recording references (recording_url/_sid) and outbound
--                alert calls (V71: the summary they read out); consent
--                events; the opt_outs row; emails about the lead; webhook deliveries (and their attempts) that
--                carry the caller; unmatched-reply entries
--   anonymised:  calls (caller 'erased', no lead: the decision counts and reports stay right, the CallSid stays so
--                the reconciler never imports the call again); messages to, from or about the caller (body '',
--                numbers 'erased', no lead or conversation; a text not sent yet is cancelled; the MessageSid stays
--                for the same reason); jobs about the caller (payload '{}', a pending one cancelled); audit entries
--                about the lead (changes replaced by {"erased": true})
--   kept as a hash: an open opt-out becomes an erased row of the ledger (opt_out_hashes), so caller_opted_out()
--                still refuses to text the number.
-- Result: {"number_hash": hex of the ledger hash, "erased": {what: rows}}.
-- Lock order: the lead row first (as recovery_decide and inbound_sms_receive take it), so a call or text from the
-- caller during the erasure waits for it and then finds no lead.
--
-- Repeatable migration: the one current source of this function. To change its arguments or result, DROP FUNCTION
-- IF EXISTS the old signature at the top of this file first.
CREATE OR REPLACE FUNCTION privacy_erase_caller(p_workspace_id bigint, p_phone text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_agency    bigint;
  v_hash      bytea;
  v_leads     bigint[];
  v_convs     bigint[];
  v_voice     bigint[];
  v_links     bigint[];
  v_alerts    bigint[];
  v_msgs      bigint[];
  v_n         integer;
  v_counts    jsonb := '{}'::jsonb;
BEGIN
  SELECT w.agency_id INTO v_agency FROM workspaces w WHERE w.id = p_workspace_id;
  IF v_agency IS NULL THEN
    RAISE EXCEPTION 'workspace % does not exist', p_workspace_id USING ERRCODE = 'no_data_found';
  END IF;
  v_hash := privacy_number_hash(p_workspace_id, p_phone);

  SELECT coalesce(array_agg(l.id), '{}') INTO v_leads
    FROM (SELECT id FROM leads WHERE workspace_id = p_workspace_id AND caller = p_phone ORDER BY id FOR UPDATE) l;
  SELECT coalesce(array_agg(c.id), '{}') INTO v_convs
    FROM conversations c WHERE c.workspace_id = p_workspace_id AND (c.lead_id = ANY (v_leads) OR c.caller = p_phone);
  SELECT coalesce(array_agg(v.id), '{}') INTO v_voice
    FROM voice_calls v WHERE v.workspace_id = p_workspace_id AND (v.lead_id = ANY (v_leads) OR v.caller = p_phone);
  -- (their jobs, payload {"alert_call_id"}, are cancelled below)
  SELECT coalesce(array_agg(a.id), '{}') INTO v_alerts FROM voice_alert_calls a WHERE a.voice_call_id = ANY (v_voice);
  SELECT coalesce(array_agg(i.id), '{}') INTO v_links
    FROM intake_links i WHERE i.workspace_id = p_workspace_id
     AND (i.lead_id = ANY (v_leads) OR i.conversation_id = ANY (v_convs));
  SELECT coalesce(array_agg(m.id), '{}') INTO v_msgs
    FROM messages m WHERE m.workspace_id = p_workspace_id
     AND (m.lead_id = ANY (v_leads) OR m.conversation_id = ANY (v_convs) OR m.from_number = p_phone OR m.to_number = p_phone);

  -- the opt-out: its ledger row (written when it was recorded) is marked erased, then the number goes
  UPDATE opt_out_hashes SET erased_at = now()
   WHERE workspace_id = p_workspace_id AND number_hash = v_hash AND opted_in_at IS NULL AND erased_at IS NULL
     AND EXISTS (SELECT 1 FROM opt_outs o WHERE o.workspace_id = p_workspace_id AND o.phone = p_phone);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  IF v_n = 0 THEN
    INSERT INTO opt_out_hashes (workspace_id, number_hash, opted_out_at, source, erased_at)
    SELECT o.workspace_id, v_hash, o.opted_out_at, o.source, now()
      FROM opt_outs o WHERE o.workspace_id = p_workspace_id AND o.phone = p_phone;
  END IF;
  DELETE FROM opt_outs WHERE workspace_id = p_workspace_id AND phone = p_phone;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('opt_outs_kept_as_hash', v_n);
  DELETE FROM consent_events WHERE workspace_id = p_workspace_id AND phone = p_phone;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('consent_events', v_n);

  -- voice: turns (what the caller said and was told), then the calls with their transcripts and recordings
  DELETE FROM voice_turns WHERE voice_call_id = ANY (v_voice);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('voice_turns', v_n);
  SELECT count(*) INTO v_n FROM voice_calls
   WHERE id = ANY (v_voice) AND (recording_url IS NOT NULL OR recording_sid IS NOT NULL);
  v_counts := v_counts || jsonb_build_object('recording_references', v_n);
  SELECT count(*) INTO v_n FROM voice_calls WHERE id = ANY (v_voice) AND transcript IS NOT NULL;
  v_counts := v_counts || jsonb_build_object('voice_transcripts', v_n);
  DELETE FROM voice_alert_calls WHERE voice_call_id = ANY (v_voice);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('voice_alert_calls', v_n);
  DELETE FROM voice_calls WHERE id = ANY (v_voice);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('voice_calls', v_n);

  -- intake answers
  DELETE FROM intake_submissions WHERE link_id = ANY (v_links);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('intake_submissions', v_n);
  DELETE FROM intake_links WHERE id = ANY (v_links);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('intake_links', v_n);

  -- texts: anonymised in place (their MessageSid keeps the reconciler from importing them again)
  DELETE FROM unmatched_replies
   WHERE workspace_id = p_workspace_id AND (message_id = ANY (v_msgs) OR from_number = p_phone);
  UPDATE messages
     SET body = '', body_purged_at = now(), from_number = CASE WHEN direction = 'inbound' THEN 'erased' ELSE from_number END,
         to_number = CASE WHEN direction = 'outbound' THEN 'erased' ELSE to_number END,
         lead_id = NULL, conversation_id = NULL, last_error = NULL,
         send_status = CASE WHEN send_status IN ('pending', 'running') AND message_sid IS NULL THEN 'cancelled'
                            ELSE send_status END,
         updated_at = now()
   WHERE id = ANY (v_msgs);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('messages', v_n);

  -- work about the caller: nothing of them left in it, and nothing more done for them
  UPDATE jobs
     SET payload = '{}'::jsonb, last_error = NULL, conversation_id = NULL,
         status = CASE WHEN status IN ('pending', 'running') THEN 'cancelled' ELSE status END, updated_at = now()
   WHERE workspace_id = p_workspace_id
     AND (conversation_id = ANY (v_convs)
          OR id IN (SELECT m.job_id FROM messages m WHERE m.id = ANY (v_msgs) AND m.job_id IS NOT NULL)
          OR (payload ? 'lead_id' AND payload ->> 'lead_id' = ANY (v_leads::text[]))
          OR (payload ? 'alert_call_id' AND payload ->> 'alert_call_id' = ANY (v_alerts::text[]))
          OR strpos(payload::text, p_phone) > 0);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('jobs', v_n);

  DELETE FROM email_messages WHERE lead_id = ANY (v_leads);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('emails', v_n);

  DELETE FROM webhook_attempts WHERE delivery_id IN (
    SELECT d.id FROM webhook_deliveries d WHERE d.workspace_id = p_workspace_id AND strpos(d.payload::text, p_phone) > 0);
  DELETE FROM webhook_deliveries WHERE workspace_id = p_workspace_id AND strpos(payload::text, p_phone) > 0;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('webhook_deliveries', v_n);

  DELETE FROM callback_requests WHERE workspace_id = p_workspace_id
     AND (lead_id = ANY (v_leads) OR conversation_id = ANY (v_convs));
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('callback_requests', v_n);

  DELETE FROM conversation_events WHERE conversation_id = ANY (v_convs);
  DELETE FROM conversations WHERE id = ANY (v_convs);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('conversations', v_n);

  UPDATE calls SET caller = 'erased', lead_id = NULL
   WHERE workspace_id = p_workspace_id AND (caller = p_phone OR lead_id = ANY (v_leads));
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('calls', v_n);

  UPDATE audit_log SET changes = '{"erased": true}'::jsonb
   WHERE agency_id = v_agency
     AND ((target_type = 'lead' AND target_id = ANY (v_leads::text[]))
          OR (target_type = 'conversation' AND target_id = ANY (v_convs::text[]))
          OR strpos(changes::text, p_phone) > 0);

  DELETE FROM leads WHERE id = ANY (v_leads);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_counts := v_counts || jsonb_build_object('leads', v_n);

  RETURN jsonb_build_object('number_hash', encode(v_hash, 'hex'), 'erased', v_counts);
END;
$$;

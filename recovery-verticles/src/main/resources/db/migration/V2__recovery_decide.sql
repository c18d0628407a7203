-- The final word on a missed call, in one statement (one round trip from the gateway):
-- claim the CallSid, group the caller into a lead, check every rule, count usage, record the
-- decision and its reason, and queue the text-back job and its message, all in the caller's
-- transaction. Lock order is always call row -> lead row -> leads_month counter -> sms_day counter.
--
-- p_event: 'pending'  the call reached us but is not final yet (record it, decide later)
--          'missed'   a final missed state: recover
--          'answered' the business answered: record, no SMS
--          'anonymous' a final missed state from an anonymous/invalid caller: record, no SMS
CREATE FUNCTION recovery_decide(
  p_workspace_id bigint,
  p_account_sid  text,
  p_call_sid     text,
  p_caller       text,
  p_called       text,
  p_routing_mode text,
  p_call_status  text,
  p_event        text,
  p_received_at  timestamptz,
  p_body         text,
  p_segments     integer,
  p_job_payload  jsonb)
RETURNS TABLE (outcome text, reason text, call_id bigint, lead_id bigint, job_id bigint,
               lead_counted boolean, sms_used integer, leads_used integer)
LANGUAGE plpgsql AS $$
DECLARE
  ws              record;
  v_call_id       bigint;
  v_lead_id       bigint;
  v_last_texted   timestamptz;
  v_counted_month integer;
  v_day           integer;
  v_month         integer;
  v_reason        text;
  v_need_lead     boolean;
  v_leads_used    integer;
  v_sms_used      integer;
  v_job_id        bigint;
BEGIN
  IF p_event = 'pending' THEN
    INSERT INTO calls AS c (workspace_id, account_sid, call_sid, caller, called, routing_mode, call_status,
                            decision, reason, received_at)
    VALUES (p_workspace_id, p_account_sid, p_call_sid, p_caller, p_called, p_routing_mode, p_call_status,
            'pending', 'not_final', p_received_at)
    ON CONFLICT (account_sid, call_sid) DO NOTHING
    RETURNING c.id INTO v_call_id;
    RETURN QUERY SELECT 'pending'::text, 'not_final'::text, v_call_id, NULL::bigint, NULL::bigint,
                        false, NULL::integer, NULL::integer;
    RETURN;
  END IF;

  -- claim: only one delivery of a CallSid moves it out of 'pending'; concurrent duplicates wait on
  -- the row lock and then find it decided
  INSERT INTO calls AS c (workspace_id, account_sid, call_sid, caller, called, routing_mode, call_status,
                          decision, reason, received_at)
  VALUES (p_workspace_id, p_account_sid, p_call_sid, p_caller, p_called, p_routing_mode, p_call_status,
          'pending', 'deciding', p_received_at)
  ON CONFLICT (account_sid, call_sid) DO UPDATE SET call_status = EXCLUDED.call_status
    WHERE c.decision = 'pending'
  RETURNING c.id INTO v_call_id;
  IF v_call_id IS NULL THEN
    RETURN QUERY SELECT 'duplicate'::text, 'duplicate_webhook'::text, c.id, c.lead_id, NULL::bigint,
                        false, NULL::integer, NULL::integer
                 FROM calls c WHERE c.account_sid = p_account_sid AND c.call_sid = p_call_sid;
    RETURN;
  END IF;

  SELECT w.status, w.billing_status, w.timezone, w.duplicate_window_seconds, p.textback,
         coalesce(w.daily_sms_cap, p.daily_sms_cap) AS daily_cap,
         coalesce(w.monthly_lead_cap, p.monthly_lead_cap) AS monthly_cap
    INTO ws
    FROM workspaces w JOIN plans p ON p.code = w.plan_code
   WHERE w.id = p_workspace_id;

  v_day   := to_char(p_received_at AT TIME ZONE ws.timezone, 'YYYYMMDD')::integer;
  v_month := v_day / 100;

  IF p_event = 'answered' THEN
    v_reason := 'answered';
  ELSIF p_event = 'anonymous' THEN
    v_reason := 'anonymous_caller';
  END IF;

  IF v_reason IS NULL THEN
    -- every missed call from a real number is a lead, whatever happens next
    INSERT INTO leads AS l (workspace_id, caller, call_count, first_call_at, last_call_at)
    VALUES (p_workspace_id, p_caller, 1, p_received_at, p_received_at)
    ON CONFLICT (workspace_id, caller) DO UPDATE
      SET call_count = l.call_count + 1,
          last_call_at = greatest(l.last_call_at, EXCLUDED.last_call_at),
          updated_at = now()
    RETURNING l.id, l.last_texted_at, l.counted_month INTO v_lead_id, v_last_texted, v_counted_month;

    v_reason := CASE
      WHEN ws.status <> 'active' THEN 'workspace_inactive'
      WHEN ws.billing_status NOT IN ('active', 'trialing') THEN 'billing_inactive'
      WHEN NOT ws.textback THEN 'plan_lacks_textback'
      WHEN EXISTS (SELECT 1 FROM opt_outs o WHERE o.workspace_id = p_workspace_id AND o.phone = p_caller)
        THEN 'caller_opted_out'
      WHEN EXISTS (SELECT 1 FROM unreachable_numbers u WHERE u.phone = p_caller)
        THEN 'caller_cannot_receive_sms'
      WHEN v_last_texted IS NOT NULL
           AND v_last_texted > p_received_at - make_interval(secs => ws.duplicate_window_seconds)
        THEN 'within_duplicate_window'
    END;
  ELSE
    SELECT l.id INTO v_lead_id FROM leads l WHERE l.workspace_id = p_workspace_id AND l.caller = p_caller;
  END IF;

  IF v_reason IS NULL THEN
    v_need_lead := v_counted_month IS DISTINCT FROM v_month;
    IF v_need_lead THEN
      INSERT INTO usage_counters AS u (workspace_id, metric, period, used)
      VALUES (p_workspace_id, 'leads_month', v_month, 0)
      ON CONFLICT (workspace_id, metric, period) DO UPDATE SET used = u.used
      RETURNING u.used INTO v_leads_used;
      IF v_leads_used >= ws.monthly_cap THEN
        v_reason := 'monthly_lead_cap_reached';
      END IF;
    END IF;
  END IF;

  IF v_reason IS NULL THEN
    INSERT INTO usage_counters AS u (workspace_id, metric, period, used)
    VALUES (p_workspace_id, 'sms_day', v_day, 0)
    ON CONFLICT (workspace_id, metric, period) DO UPDATE SET used = u.used
    RETURNING u.used INTO v_sms_used;
    IF v_sms_used >= ws.daily_cap THEN
      v_reason := 'daily_sms_cap_reached';
    END IF;
  END IF;

  IF v_reason IS NULL THEN
    UPDATE usage_counters SET used = used + 1
     WHERE workspace_id = p_workspace_id AND metric = 'sms_day' AND period = v_day;
    v_sms_used := v_sms_used + 1;
    IF v_need_lead THEN
      UPDATE usage_counters SET used = used + 1
       WHERE workspace_id = p_workspace_id AND metric = 'leads_month' AND period = v_month;
      v_leads_used := v_leads_used + 1;
    END IF;
    UPDATE leads SET last_texted_at = p_received_at, counted_month = v_month, updated_at = now()
     WHERE id = v_lead_id;
    INSERT INTO jobs (workspace_id, kind, payload)
    VALUES (p_workspace_id, 'textback', p_job_payload || jsonb_build_object('call_id', v_call_id, 'lead_id', v_lead_id))
    RETURNING id INTO v_job_id;
    INSERT INTO messages (workspace_id, lead_id, job_id, direction, kind, from_number, to_number, body, segments, status)
    VALUES (p_workspace_id, v_lead_id, v_job_id, 'outbound', 'textback', p_called, p_caller, p_body, p_segments, 'pending');
    v_reason := 'texted';
  END IF;

  UPDATE calls SET decision = CASE WHEN v_reason = 'texted' THEN 'texted' ELSE 'skipped' END,
                   reason = v_reason, lead_id = v_lead_id, decided_at = now()
   WHERE id = v_call_id;

  RETURN QUERY SELECT CASE WHEN v_reason = 'texted' THEN 'texted' ELSE 'skipped' END, v_reason, v_call_id,
                      v_lead_id, v_job_id, coalesce(v_need_lead, false) AND v_reason = 'texted',
                      v_sms_used, v_leads_used;
END;
$$;

-- Message statuses only move forward: a late 'sent' never overwrites 'delivered'.
CREATE FUNCTION message_status_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE status
    WHEN 'pending' THEN 0
    WHEN 'accepted' THEN 1
    WHEN 'scheduled' THEN 1
    WHEN 'queued' THEN 2
    WHEN 'sending' THEN 3
    WHEN 'sent' THEN 4
    WHEN 'receiving' THEN 4
    WHEN 'received' THEN 5
    WHEN 'partially_delivered' THEN 5
    WHEN 'delivered' THEN 6
    WHEN 'undelivered' THEN 6
    WHEN 'failed' THEN 6
    WHEN 'canceled' THEN 6
    WHEN 'read' THEN 7
    ELSE 0
  END
$$;

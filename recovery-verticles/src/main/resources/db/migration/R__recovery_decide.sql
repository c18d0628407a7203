-- The final word on a missed call, in one statement: group the caller into a lead, check every rule, count
-- usage, record the call with its decision and reason, and queue the text-back (one message row that carries
-- its own send state, V20), the conversation and its follow-up, all in the caller's transaction. Lock order is always CallSid advisory
-- lock -> call row -> lead row -> conversation row -> leads_month counter -> sms_day counter.
--
-- p_event: 'pending'   the call reached us but is not final yet (record it, decide later)
--          'missed'    a final missed state: recover
--          'answered'  the business answered: record, no SMS
--          'anonymous' a final missed state from an anonymous/invalid caller: record, no SMS
-- p_claim_lease_seconds: the text-back is written already claimed by the deciding process (send_status
--   'running', attempt 1, outcome 'unknown', leased), so its sender sends straight from the decision. NULL:
--   a sender claims it. Quiet-hours workspaces are never handed over claimed.
-- job_id (result): the text-back's message id (the outbox entry; the name is kept from when it was a job).
-- Reasons, in the order they are checked: duplicate_webhook, answered, anonymous_caller, workspace_inactive,
-- billing_inactive, plan_lacks_textback, sending_paused, caller_opted_out, caller_cannot_receive_sms,
-- within_duplicate_window, monthly_lead_cap_reached, daily_sms_cap_reached; else texted.
-- (History: V2 first version, V3 conversations and follow-ups, V5 claimed hand-over and fewer writes,
-- V12 sending_paused, V20 the text-back is one message row instead of a job and a message, V55 the send delay:
-- p_job_payload's 'moment' picks the workspace's open or after-hours delay; a delayed text-back is due when it
-- ends, never handed over claimed, and cancelled by textback_cancel while it waits, e.g. by an answered call;
-- V60 test callers, V50/V51 the follow-up ladder and the auto-close are the conversation's timer instead of
-- two job rows.)
--
-- Test callers (V60 test_callers): a call from one of the workspace's test phones takes every step above
-- but the duplicate window and the caps: it counts no usage, and the call (and a lead it creates) is marked
-- is_test, so reports leave it out. is_test (result): the decision took this path.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
DROP FUNCTION IF EXISTS recovery_decide(bigint, text, text, text, text, text, text, text, timestamptz, text, integer,
                                       jsonb, double precision);
CREATE OR REPLACE FUNCTION recovery_decide(
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
  p_job_payload  jsonb,
  p_claim_lease_seconds double precision DEFAULT NULL)
RETURNS TABLE (outcome text, reason text, call_id bigint, lead_id bigint, job_id bigint,
               lead_counted boolean, sms_used integer, leads_used integer, conv_id bigint, claimed_until timestamptz,
               is_test boolean)
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
  v_conv_id       bigint;
  v_conv_new      boolean;
  v_claim         boolean;
  v_decision      text;
  v_claimed_until timestamptz;
  v_is_test       boolean;
  v_delay         integer;
BEGIN
  -- One writer per CallSid at a time, in every process: a duplicate waits here for the first delivery to
  -- commit, then finds its row. (That lets the row be written once, with its decision, instead of
  -- being claimed first and updated at the end.)
  PERFORM pg_advisory_xact_lock(hashtextextended(p_account_sid || '/' || p_call_sid, 0));

  v_is_test := EXISTS (SELECT 1 FROM test_callers t WHERE t.workspace_id = p_workspace_id AND t.number = p_caller);

  IF p_event = 'pending' THEN
    INSERT INTO calls AS c (workspace_id, account_sid, call_sid, caller, called, routing_mode, call_status,
                            decision, reason, received_at, is_test)
    VALUES (p_workspace_id, p_account_sid, p_call_sid, p_caller, p_called, p_routing_mode, p_call_status,
            'pending', 'not_final', p_received_at, v_is_test)
    ON CONFLICT (account_sid, call_sid) DO NOTHING
    RETURNING c.id INTO v_call_id;
    RETURN QUERY SELECT 'pending'::text, 'not_final'::text, v_call_id, NULL::bigint, NULL::bigint,
                        false, NULL::integer, NULL::integer, NULL::bigint, NULL::timestamptz, v_is_test;
    RETURN;
  END IF;

  SELECT c.id, c.decision INTO v_call_id, v_decision
    FROM calls c WHERE c.account_sid = p_account_sid AND c.call_sid = p_call_sid;
  IF v_decision IS NOT NULL AND v_decision <> 'pending' THEN
    RETURN QUERY SELECT 'duplicate'::text, 'duplicate_webhook'::text, c.id, c.lead_id, NULL::bigint,
                        false, NULL::integer, NULL::integer, NULL::bigint, NULL::timestamptz, c.is_test
                 FROM calls c WHERE c.id = v_call_id;
    RETURN;
  END IF;

  SELECT w.status, w.billing_status, w.timezone, w.duplicate_window_seconds, p.textback,
         coalesce(w.daily_sms_cap, p.daily_sms_cap) AS daily_cap,
         coalesce(w.monthly_lead_cap, p.monthly_lead_cap) AS monthly_cap,
         w.followup_enabled, w.followup_delay_seconds, w.stale_after_seconds, w.textback_quiet_hours_exempt, w.sending_paused_at,
         w.textback_delay_open_seconds, w.textback_delay_after_hours_seconds
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
    -- a lead stays test only while every call it has is a test call (a real caller stays real)
    INSERT INTO leads AS l (workspace_id, caller, call_count, first_call_at, last_call_at, is_test)
    VALUES (p_workspace_id, p_caller, 1, p_received_at, p_received_at, v_is_test)
    ON CONFLICT (workspace_id, caller) DO UPDATE
      SET call_count = l.call_count + 1,
          last_call_at = greatest(l.last_call_at, EXCLUDED.last_call_at),
          is_test = l.is_test AND EXCLUDED.is_test,
          updated_at = now()
    RETURNING l.id, l.last_texted_at, l.counted_month INTO v_lead_id, v_last_texted, v_counted_month;

    v_reason := CASE
      WHEN ws.status <> 'active' THEN 'workspace_inactive'
      WHEN ws.billing_status NOT IN ('active', 'trialing') THEN 'billing_inactive'
      WHEN NOT ws.textback THEN 'plan_lacks_textback'
      WHEN ws.sending_paused_at IS NOT NULL THEN 'sending_paused'
      -- caller_opted_out() (R__caller_opted_out.sql) written out, so the hot path runs no statement of its own for
      -- it: the current opt-outs, then, only in a workspace with an erased caller still opted out, the ledger by
      -- the number's hash (computed once)
      WHEN EXISTS (SELECT 1 FROM opt_outs o WHERE o.workspace_id = p_workspace_id AND o.phone = p_caller)
           OR (EXISTS (SELECT 1 FROM opt_out_hashes h
                        WHERE h.workspace_id = p_workspace_id AND h.erased_at IS NOT NULL AND h.opted_in_at IS NULL)
               AND EXISTS (SELECT 1 FROM opt_out_hashes h
                            WHERE h.workspace_id = p_workspace_id AND h.erased_at IS NOT NULL AND h.opted_in_at IS NULL
                              AND h.number_hash = (SELECT privacy_hmac(k.secret, convert_to(p_caller, 'UTF8'))
                                                     FROM workspaces w JOIN privacy_keys k ON k.agency_id = w.agency_id
                                                    WHERE w.id = p_workspace_id)))
        THEN 'caller_opted_out'
      WHEN EXISTS (SELECT 1 FROM unreachable_numbers u WHERE u.phone = p_caller)
        THEN 'caller_cannot_receive_sms'
      -- a test caller tries again and again: each test call is texted
      WHEN v_last_texted IS NOT NULL AND NOT v_is_test
           AND v_last_texted > p_received_at - make_interval(secs => ws.duplicate_window_seconds)
        THEN 'within_duplicate_window'
    END;
  ELSE
    SELECT l.id INTO v_lead_id FROM leads l WHERE l.workspace_id = p_workspace_id AND l.caller = p_caller;
    IF p_event = 'answered' AND v_lead_id IS NOT NULL THEN
      PERFORM textback_cancel(p_workspace_id, v_lead_id, 'cancelled_answered_call');
    END IF;
  END IF;

  IF v_reason IS NULL AND NOT v_is_test THEN
    v_need_lead := v_counted_month IS DISTINCT FROM v_month;
    IF v_need_lead THEN
      -- one write: takes the lead's slot only when there is room under the cap (no row back: the cap is
      -- reached); given back below in the rare case the daily SMS cap then refuses the text
      INSERT INTO usage_counters AS u (workspace_id, metric, period, used)
      SELECT p_workspace_id, 'leads_month', v_month, 1 WHERE ws.monthly_cap > 0
      ON CONFLICT (workspace_id, metric, period) DO UPDATE SET used = u.used + 1
        WHERE u.used < ws.monthly_cap
      RETURNING u.used INTO v_leads_used;
      IF v_leads_used IS NULL THEN
        v_reason := 'monthly_lead_cap_reached';
      END IF;
    END IF;
  END IF;

  IF v_reason IS NULL AND NOT v_is_test THEN
    -- one write: counts the text only when there is room under the cap (no row back: the cap is reached)
    INSERT INTO usage_counters AS u (workspace_id, metric, period, used)
    SELECT p_workspace_id, 'sms_day', v_day, 1 WHERE ws.daily_cap > 0
    ON CONFLICT (workspace_id, metric, period) DO UPDATE SET used = u.used + 1
      WHERE u.used < ws.daily_cap
    RETURNING u.used INTO v_sms_used;
    IF v_sms_used IS NULL THEN
      v_reason := 'daily_sms_cap_reached';
      IF v_need_lead THEN
        UPDATE usage_counters SET used = used - 1
         WHERE workspace_id = p_workspace_id AND metric = 'leads_month' AND period = v_month;
        v_leads_used := v_leads_used - 1;
      END IF;
    END IF;
  END IF;

  -- the call's row, written once with its decision (or completed, when the incoming call recorded it)
  v_decision := CASE WHEN v_reason IS NULL THEN 'texted' ELSE 'skipped' END;
  IF v_call_id IS NULL THEN
    INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, call_status,
                       decision, reason, lead_id, received_at, decided_at, is_test)
    VALUES (p_workspace_id, p_account_sid, p_call_sid, p_caller, p_called, p_routing_mode, p_call_status,
            v_decision, coalesce(v_reason, 'texted'), v_lead_id, p_received_at, now(), v_is_test)
    RETURNING id INTO v_call_id;
  ELSE
    UPDATE calls SET call_status = p_call_status, decision = v_decision, reason = coalesce(v_reason, 'texted'),
                     lead_id = v_lead_id, decided_at = now(), is_test = v_is_test
     WHERE id = v_call_id;
  END IF;

  IF v_reason IS NULL THEN
    UPDATE leads SET last_texted_at = p_received_at, updated_at = now(),
                     counted_month = CASE WHEN v_is_test THEN counted_month ELSE v_month END
     WHERE id = v_lead_id;

    -- the text-back opens the caller's conversation, or joins the one already open (the lead row lock
    -- taken above serialises every writer of this lead's conversations)
    -- a conversation it opens starts its follow-up ladder in the same row: one follow-up if the caller stays
    -- silent, then the on-call number (counted from the end of the text-back's send delay)
    v_delay := CASE p_job_payload ->> 'moment' WHEN 'open' THEN ws.textback_delay_open_seconds
                 WHEN 'after_hours' THEN ws.textback_delay_after_hours_seconds
                 WHEN 'holiday' THEN ws.textback_delay_after_hours_seconds ELSE 0 END;
    v_conv_id := conversation_for_lead(p_workspace_id, v_lead_id, p_account_sid, p_called, p_caller,
                                       ws.stale_after_seconds, false,
                                       CASE WHEN ws.followup_enabled
                                            THEN p_received_at + make_interval(secs => ws.followup_delay_seconds
                                                                                      + v_delay) END);
    v_conv_new := v_conv_id < 0;
    v_conv_id := abs(v_conv_id);

    -- handed to the deciding process already claimed (its sender is waiting for it), unless it may have to
    -- wait for quiet hours: then a sender's claim decides. A claimed job whose lease runs out before the
    -- send is taken over by a sweeper, which looks at Twilio before sending (last_outcome 'unknown').
    v_claim := p_claim_lease_seconds IS NOT NULL AND ws.textback_quiet_hours_exempt AND v_delay = 0;
    INSERT INTO messages (workspace_id, lead_id, direction, kind, from_number, to_number, body, segments,
                          status, conversation_id, send_status, attempts, last_outcome, due_at, lease_until,
                          account_sid, call_id, webhook_received_at, send_delay_seconds)
    VALUES (p_workspace_id, v_lead_id, 'outbound', 'textback', p_called, p_caller, p_body, p_segments,
            'pending', v_conv_id,
            CASE WHEN v_claim THEN 'running' ELSE 'pending' END,
            CASE WHEN v_claim THEN 1 ELSE 0 END,
            CASE WHEN v_claim THEN 'unknown' ELSE 'none' END,
            now() + make_interval(secs => v_delay),
            -- the lease runs from now, not from the start of the transaction (it may have waited for locks)
            CASE WHEN v_claim THEN clock_timestamp() + make_interval(secs => p_claim_lease_seconds) END,
            p_job_payload ->> 'account_sid', v_call_id,
            -- its latency counts from the end of the intended delay
            coalesce(to_timestamp((p_job_payload ->> 'received_at_ms')::double precision / 1000), p_received_at)
              + make_interval(secs => v_delay),
            nullif(v_delay, 0))
    RETURNING id, lease_until INTO v_job_id, v_claimed_until;

    -- the intake page link the text offers (issue #14): only the token's hash, bound to this lead and
    -- conversation in this transaction, so no text goes out with a link that would not open
    IF p_job_payload ? 'intake_token_sha256' THEN
      INSERT INTO intake_links (token_sha256, workspace_id, lead_id, conversation_id, call_id, expires_at)
      VALUES (decode(p_job_payload ->> 'intake_token_sha256', 'hex'), p_workspace_id, v_lead_id, v_conv_id, v_call_id,
              now() + make_interval(hours => coalesce((SELECT s.link_ttl_hours FROM intake_settings s
                                                        WHERE s.workspace_id = p_workspace_id), 72)))
      ON CONFLICT (token_sha256) DO NOTHING;
    END IF;

    -- a new text-back in an open conversation restarts its ladder (the conversation's timer)
    IF NOT v_conv_new THEN
      UPDATE conversations
         SET followup_step = CASE WHEN ws.followup_enabled THEN 'followup' END,
             followup_due_at = CASE WHEN ws.followup_enabled
                                    THEN p_received_at + make_interval(secs => ws.followup_delay_seconds + v_delay) END,
             followup_since = CASE WHEN ws.followup_enabled THEN now() END
       WHERE id = v_conv_id AND (ws.followup_enabled OR followup_step IS NOT NULL);
    END IF;
    v_reason := 'texted';
  END IF;

  RETURN QUERY SELECT CASE WHEN v_reason = 'texted' THEN 'texted' ELSE 'skipped' END, v_reason, v_call_id,
                      v_lead_id, v_job_id, coalesce(v_need_lead, false) AND v_reason = 'texted',
                      v_sms_used, v_leads_used, v_conv_id, v_claimed_until, v_is_test;
END;
$$;

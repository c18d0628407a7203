-- Conversations (issue #4): inbound SMS, consent (STOP/START/HELP) with evidence, AI replies and the
-- intake script, team alerts and summaries, the follow-up ladder, quiet hours and auto-close.
-- Lock order everywhere: lead row -> conversation row -> usage counters -> job rows.

-- ---------------------------------------------------------------------------------------------------
-- Workspace profile: what the AI and the intake script may say, and the recovery-channel settings.
ALTER TABLE workspaces
  ADD COLUMN contact_phone               text CHECK (contact_phone ~ '^\+[1-9][0-9]{6,14}$'),
  ADD COLUMN services                    text NOT NULL DEFAULT '',
  ADD COLUMN business_hours              text NOT NULL DEFAULT '',
  ADD COLUMN service_area                text NOT NULL DEFAULT '',
  ADD COLUMN booking_link                text,
  ADD COLUMN ai_persona                  text NOT NULL
                                         DEFAULT 'a friendly, brief and professional assistant for the business',
  ADD COLUMN ai_enabled                  boolean NOT NULL DEFAULT true,
  ADD COLUMN ai_turn_limit               integer NOT NULL DEFAULT 10 CHECK (ai_turn_limit >= 0),
  ADD COLUMN ai_allow_prices             boolean NOT NULL DEFAULT false,
  ADD COLUMN ai_allow_discounts          boolean NOT NULL DEFAULT false,
  ADD COLUMN ai_allow_arrival_times      boolean NOT NULL DEFAULT false,
  ADD COLUMN emergency_words             text[]  NOT NULL DEFAULT ARRAY[
      'flood', 'flooding', 'flooded', 'burst pipe', 'pipe burst', 'burst', 'gas leak', 'smell gas', 'smells like gas',
      'no heat', 'no heating', 'sparking', 'sparks', 'smoke', 'on fire', 'electrical fire', 'sewage',
      'sewer backup', 'carbon monoxide', 'water everywhere', 'no water'],
  ADD COLUMN followup_enabled            boolean NOT NULL DEFAULT true,
  ADD COLUMN followup_delay_seconds      integer NOT NULL DEFAULT 1800 CHECK (followup_delay_seconds >= 0),
  ADD COLUMN oncall_delay_seconds        integer NOT NULL DEFAULT 1800 CHECK (oncall_delay_seconds >= 0),
  ADD COLUMN stale_after_seconds         integer NOT NULL DEFAULT 172800 CHECK (stale_after_seconds > 0),
  ADD COLUMN textback_quiet_hours_exempt boolean NOT NULL DEFAULT true,
  ADD COLUMN team_summary_enabled        boolean NOT NULL DEFAULT true,
  ADD COLUMN caller_summary_enabled      boolean NOT NULL DEFAULT true;

-- Where the team is told things: urgent alerts, summaries, the on-call escalation.
CREATE TABLE notification_numbers (
  id            bigserial PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  phone         text        NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  kind          text        NOT NULL CHECK (kind IN ('alert', 'team', 'on_call')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, kind, phone)
);

-- What the caller told us.
ALTER TABLE leads
  ADD COLUMN need     text,
  ADD COLUMN address  text,
  ADD COLUMN urgency  text;

-- ---------------------------------------------------------------------------------------------------
-- One SMS thread with a lead. At most one is open per lead.
CREATE TABLE conversations (
  id                     bigserial PRIMARY KEY,
  workspace_id           bigint      NOT NULL REFERENCES workspaces (id),
  lead_id                bigint      NOT NULL REFERENCES leads (id),
  account_sid            text        NOT NULL,
  -- the tracked number the thread runs on: our texts go out from it
  business_number        text        NOT NULL,
  caller                 text        NOT NULL,
  status                 text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  ai_enabled             boolean     NOT NULL DEFAULT true,
  ai_turns               integer     NOT NULL DEFAULT 0,
  staff_takeover         boolean     NOT NULL DEFAULT false,
  urgent_alerted         boolean     NOT NULL DEFAULT false,
  model_failure_alerted  boolean     NOT NULL DEFAULT false,
  team_summary_sent      boolean     NOT NULL DEFAULT false,
  -- the intake question we asked last (the caller's next message answers it)
  intake_step            text        NOT NULL DEFAULT 'need' CHECK (intake_step IN ('need', 'address', 'urgency', 'done')),
  opened_at              timestamptz NOT NULL DEFAULT now(),
  last_inbound_at        timestamptz,
  last_outbound_at       timestamptz,
  last_activity_at       timestamptz NOT NULL DEFAULT now(),
  closed_at              timestamptz,
  close_reason           text
);
CREATE UNIQUE INDEX conversations_one_open ON conversations (lead_id) WHERE status = 'open';
CREATE INDEX conversations_workspace_activity ON conversations (workspace_id, last_activity_at DESC);

-- Everything that happened to a conversation besides its messages, each with a reason a business owner
-- understands: AI skips, alerts, takeovers, closes, opt-outs, holds.
CREATE TABLE conversation_events (
  id               bigserial PRIMARY KEY,
  workspace_id     bigint      NOT NULL REFERENCES workspaces (id),
  conversation_id  bigint      NOT NULL REFERENCES conversations (id),
  kind             text        NOT NULL,
  reason           text,
  detail           jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_events_conversation ON conversation_events (conversation_id, id);

ALTER TABLE messages
  ADD COLUMN conversation_id bigint REFERENCES conversations (id),
  -- held while it is night where the caller is (21:00-08:00), never dropped
  ADD COLUMN quiet_hours     boolean NOT NULL DEFAULT false;
CREATE INDEX messages_conversation ON messages (conversation_id, id) WHERE conversation_id IS NOT NULL;

-- Inbound texts from numbers that are no lead of the workspace, for the dashboard.
CREATE TABLE unmatched_replies (
  id            bigserial PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  message_id    bigint      NOT NULL UNIQUE REFERENCES messages (id),
  from_number   text        NOT NULL,
  to_number     text        NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unmatched_replies_workspace ON unmatched_replies (workspace_id, received_at DESC);

-- Consent history: every opt-out, opt-in and help request with its evidence. opt_outs is the current state.
CREATE TABLE consent_events (
  id            bigserial PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  phone         text        NOT NULL,
  action        text        NOT NULL CHECK (action IN ('opt_out', 'opt_in', 'help')),
  source        text        NOT NULL, -- 'keyword', 'optout_type', 'twilio_21610', 'admin'
  words         text,
  message_sid   text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_events_phone ON consent_events (workspace_id, phone, created_at DESC);

-- ---------------------------------------------------------------------------------------------------
-- Jobs: conversation work (ai_reply, help_reply, urgent_alert, followup, oncall, auto_close) next to the
-- SMS sends ('textback', 'sms'). Steps of the follow-up ladder are cancelled, not deleted.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled'));
ALTER TABLE jobs ADD COLUMN conversation_id bigint REFERENCES conversations (id);
CREATE INDEX jobs_conversation_pending ON jobs (conversation_id) WHERE status = 'pending';
CREATE INDEX jobs_kind_due ON jobs (kind, due_at) WHERE status = 'pending';

-- ---------------------------------------------------------------------------------------------------
-- One more SMS under the workspace's daily cap, if there is room (today in the workspace's time zone).
CREATE FUNCTION sms_day_take(p_workspace_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_day  integer;
  v_cap  integer;
  v_used integer;
BEGIN
  SELECT to_char(now() AT TIME ZONE w.timezone, 'YYYYMMDD')::integer, coalesce(w.daily_sms_cap, p.daily_sms_cap)
    INTO v_day, v_cap
    FROM workspaces w JOIN plans p ON p.code = w.plan_code
   WHERE w.id = p_workspace_id;
  INSERT INTO usage_counters AS u (workspace_id, metric, period, used)
  VALUES (p_workspace_id, 'sms_day', v_day, 0)
  ON CONFLICT (workspace_id, metric, period) DO UPDATE SET used = u.used
  RETURNING u.used INTO v_used;
  IF v_used >= v_cap THEN
    RETURN false;
  END IF;
  UPDATE usage_counters SET used = used + 1
   WHERE workspace_id = p_workspace_id AND metric = 'sms_day' AND period = v_day;
  RETURN true;
END;
$$;

-- Whether a text contains one of the words or phrases (whole words, case and punctuation insensitive).
CREATE FUNCTION text_mentions(p_text text, p_words text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT w FROM unnest(p_words) AS w
   WHERE strpos(' ' || regexp_replace(lower(p_text), '[^a-z0-9]+', ' ', 'g') || ' ',
                ' ' || trim(regexp_replace(lower(w), '[^a-z0-9]+', ' ', 'g')) || ' ') > 0
     AND trim(regexp_replace(lower(w), '[^a-z0-9]+', ' ', 'g')) <> ''
   LIMIT 1
$$;

-- ---------------------------------------------------------------------------------------------------
-- The lead's open conversation, opening one when there is none or when the open one went stale (it is
-- closed first, with its pending work). The caller must hold the lead's row lock. Returns the id,
-- negated when the conversation was opened by this call.
CREATE FUNCTION conversation_for_lead(p_workspace_id bigint, p_lead_id bigint, p_account_sid text,
                                      p_business_number text, p_caller text, p_stale_after_seconds integer,
                                      p_inbound boolean) RETURNS bigint
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
  INSERT INTO conversations (workspace_id, lead_id, account_sid, business_number, caller, last_inbound_at)
  VALUES (p_workspace_id, p_lead_id, p_account_sid, p_business_number, p_caller,
          CASE WHEN p_inbound THEN now() END)
  RETURNING id INTO v_id;
  INSERT INTO jobs (workspace_id, kind, conversation_id, due_at)
  VALUES (p_workspace_id, 'auto_close', v_id, now() + make_interval(secs => p_stale_after_seconds));
  RETURN -v_id;
END;
$$;

-- Closes an open conversation and cancels its pending work (the follow-up ladder, replies not yet
-- written, the auto-close itself). Returns false when it was not open.
CREATE FUNCTION conversation_close(p_conversation_id bigint, p_reason text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_ws bigint;
BEGIN
  UPDATE conversations SET status = 'closed', closed_at = now(), close_reason = p_reason,
                           staff_takeover = false, last_activity_at = now()
   WHERE id = p_conversation_id AND status = 'open'
  RETURNING workspace_id INTO v_ws;
  IF v_ws IS NULL THEN
    RETURN false;
  END IF;
  UPDATE jobs SET status = 'cancelled', updated_at = now()
   WHERE conversation_id = p_conversation_id AND status = 'pending'
     AND kind IN ('ai_reply', 'followup', 'oncall', 'auto_close');
  INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason)
  VALUES (v_ws, p_conversation_id, 'closed', p_reason);
  RETURN true;
END;
$$;

-- ---------------------------------------------------------------------------------------------------
-- recovery_decide (V2) again, same signature and results: a queued text-back now also opens the caller's
-- conversation (or joins the open one), restarts its follow-up ladder and schedules its auto-close.
-- That is three more writes in the same transaction, and nothing more on the hot path.
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
  v_conv_id       bigint;
  v_conv_new      boolean;
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
         coalesce(w.monthly_lead_cap, p.monthly_lead_cap) AS monthly_cap,
         w.followup_enabled, w.followup_delay_seconds, w.stale_after_seconds
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

    -- the text-back opens the caller's conversation, or joins the one already open (the lead row lock
    -- taken above serialises every writer of this lead's conversations)
    v_conv_id := conversation_for_lead(p_workspace_id, v_lead_id, p_account_sid, p_called, p_caller,
                                       ws.stale_after_seconds, false);
    v_conv_new := v_conv_id < 0;
    v_conv_id := abs(v_conv_id);

    INSERT INTO jobs (workspace_id, kind, payload, conversation_id)
    VALUES (p_workspace_id, 'textback', p_job_payload || jsonb_build_object('call_id', v_call_id, 'lead_id', v_lead_id),
            v_conv_id)
    RETURNING id INTO v_job_id;
    INSERT INTO messages (workspace_id, lead_id, job_id, direction, kind, from_number, to_number, body, segments,
                          status, conversation_id)
    VALUES (p_workspace_id, v_lead_id, v_job_id, 'outbound', 'textback', p_called, p_caller, p_body, p_segments,
            'pending', v_conv_id);

    -- a new text-back restarts the ladder: one follow-up if the caller stays silent, then the on-call number
    IF NOT v_conv_new THEN
      UPDATE jobs SET status = 'cancelled', updated_at = now()
       WHERE conversation_id = v_conv_id AND status = 'pending' AND kind IN ('followup', 'oncall');
    END IF;
    IF ws.followup_enabled THEN
      INSERT INTO jobs (workspace_id, kind, payload, conversation_id, due_at)
      VALUES (p_workspace_id, 'followup', jsonb_build_object('textback_job_id', v_job_id), v_conv_id,
              p_received_at + make_interval(secs => ws.followup_delay_seconds));
    END IF;
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

-- ---------------------------------------------------------------------------------------------------
-- An inbound SMS, in one statement: store it once per MessageSid, attach it to the caller's lead and open
-- conversation (opening one if needed) or list it as unmatched, honour STOP/START/HELP before anything
-- else, cancel the follow-up ladder (the caller replied), raise the urgent alert at most once per
-- conversation, and queue the work that answers it. Returns the jobs to wake.
--
-- p_keyword: 'stop', 'start', 'help' or null; p_keyword_source: 'keyword' or 'optout_type'.
CREATE FUNCTION inbound_sms_receive(
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
    UPDATE conversations SET last_inbound_at = now(), last_activity_at = now() WHERE id = v_conv_id;
    -- the caller answered: the follow-up ladder stops here
    UPDATE jobs SET status = 'cancelled', updated_at = now()
     WHERE jobs.conversation_id = v_conv_id AND status = 'pending' AND kind IN ('followup', 'oncall');
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
       WHERE jobs.conversation_id = v_conv_id AND status = 'pending' AND kind IN ('ai_reply', 'followup', 'oncall');
    END IF;
    v_outcome := 'opted_out';
  ELSIF p_keyword = 'start' THEN
    DELETE FROM opt_outs o WHERE o.workspace_id = p_workspace_id AND o.phone = p_caller;
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

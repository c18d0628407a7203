-- Outbound alert calls for emergencies captured by voice (issue #13 item 3): one row per voice call and alert
-- number, written in the turn's transaction that records the urgent need (with the alert SMS), so a call is
-- placed at most once per number whatever retries, crashes or lease take-overs happen; a 'voice_alert_call' job
-- (payload {"alert_call_id"}) places it through Twilio's Calls API. The call's TwiML (a signed route) reads
-- 'words', the summary as it stood when the alert was raised.
CREATE TABLE voice_alert_calls (
  id               bigserial   PRIMARY KEY,
  workspace_id     bigint      NOT NULL REFERENCES workspaces (id),
  voice_call_id    bigint      NOT NULL REFERENCES voice_calls (id),
  account_sid      text        NOT NULL,
  from_number      text        NOT NULL,
  to_number        text        NOT NULL,
  words            text        NOT NULL,
  -- pending: not requested yet, or the last request certainly failed; calling: a request went out and its
  -- outcome is not known (a timeout, a crash): before any new request Twilio's call list is checked;
  -- placed: Twilio created the call (twilio_call_sid); failed: given up
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'calling', 'placed', 'failed')),
  twilio_call_sid  text,
  attempts         integer     NOT NULL DEFAULT 0,
  last_error       text,
  requested_at     timestamptz,
  placed_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (voice_call_id, to_number)
);
CREATE INDEX voice_alert_calls_workspace ON voice_alert_calls (workspace_id, id DESC);

-- Voice recovery (issue #13): the AI (or the voice intake script) answers a missed call by voice, falls
-- back (text-back, voicemail or nothing) when it cannot finish, and alerts the team. No plpgsql function
-- of the decision is redefined here: the fallback text-back runs through recovery_decide unchanged; the
-- voice outcome is written on the call next to the decision (calls.voice_outcome).

-- Voice recovery is a plan feature.
ALTER TABLE plans ADD COLUMN voice_recovery boolean NOT NULL DEFAULT false;
UPDATE plans SET voice_recovery = true WHERE code IN ('pro', 'voice_only');

-- The recovery channels a workspace configures (text-back, team and caller summaries exist already:
-- team_summary_enabled is the internal summary SMS, caller_summary_enabled the caller summary SMS).
ALTER TABLE workspaces
  ADD COLUMN voice_enabled            boolean NOT NULL DEFAULT false,
  ADD COLUMN voice_fallback           text    NOT NULL DEFAULT 'textback'
                                      CHECK (voice_fallback IN ('textback', 'voicemail', 'none')),
  -- a voicemail is recorded only when this is on, after a consent line
  ADD COLUMN voice_recording_enabled  boolean NOT NULL DEFAULT false,
  ADD COLUMN voice_language           text    NOT NULL DEFAULT 'en-US' CHECK (voice_language ~ '^[a-z]{2}-[A-Z]{2}$'),
  -- an emergency captured by voice also rings the voice alert numbers (Twilio Calls API)
  ADD COLUMN voice_alert_calls        boolean NOT NULL DEFAULT false;

-- Voice alert numbers: they get the voice-related alerts (urgent need captured by voice, voice failing).
ALTER TABLE notification_numbers DROP CONSTRAINT notification_numbers_kind_check;
ALTER TABLE notification_numbers ADD CONSTRAINT notification_numbers_kind_check
  CHECK (kind IN ('alert', 'team', 'on_call', 'voice_alert'));

-- Which channel handled the call and, when voice recovery was meant to run, how it ended: 'voice_recovered',
-- or the reason it fell back ('voice_no_speech', 'voice_caller_hung_up', 'voice_ai_failed',
-- 'voice_not_verified', 'voice_not_in_plan', 'voice_disabled'), and which fallback then ran.
ALTER TABLE calls
  ADD COLUMN channel        text CHECK (channel IN ('textback', 'voice', 'voicemail')),
  ADD COLUMN voice_outcome  text,
  ADD COLUMN voice_fallback text CHECK (voice_fallback IN ('textback', 'voicemail', 'none'));

-- One voice recovery on one call: where the intake stands, what was captured, and its outcome, decided once
-- (decided_at) by the call's final status callback (or at once when voice could not start).
CREATE TABLE voice_calls (
  id               bigserial PRIMARY KEY,
  workspace_id     bigint      NOT NULL REFERENCES workspaces (id),
  account_sid      text        NOT NULL,
  call_sid         text        NOT NULL,
  caller           text        NOT NULL,
  called           text        NOT NULL,
  lead_id          bigint REFERENCES leads (id),
  conversation_id  bigint REFERENCES conversations (id),
  -- the intake question asked last: 'need', 'address', 'urgency', 'callback', 'done'
  step             text        NOT NULL DEFAULT 'need',
  need             text,
  address          text,
  urgency          text,
  callback_time    text,
  turns            integer     NOT NULL DEFAULT 0,
  spoken_turns     integer     NOT NULL DEFAULT 0,
  silent_in_a_row  integer     NOT NULL DEFAULT 0,
  model_failed     boolean     NOT NULL DEFAULT false,
  urgent_alerted   boolean     NOT NULL DEFAULT false,
  failure_alerted  boolean     NOT NULL DEFAULT false,
  -- why the voice flow itself ended the call early ('no_speech', 'max_turns'), null otherwise
  ended_reason     text,
  completed        boolean     NOT NULL DEFAULT false,
  outcome          text,
  fallback         text,
  decided_at       timestamptz,
  recording_url    text,
  recording_sid    text,
  transcript       text,
  started_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_sid, call_sid)
);
CREATE INDEX voice_calls_lead ON voice_calls (lead_id, id DESC);
CREATE INDEX voice_calls_workspace_started ON voice_calls (workspace_id, started_at DESC);

-- Each answered turn, keyed by the call and the turn number (0: the greeting): a retried turn webhook is
-- answered with the stored TwiML and writes nothing. Also written as a 'voice_turn' conversation event.
CREATE TABLE voice_turns (
  voice_call_id    bigint      NOT NULL REFERENCES voice_calls (id),
  turn             integer     NOT NULL CHECK (turn >= 0),
  workspace_id     bigint      NOT NULL REFERENCES workspaces (id),
  caller_words     text,
  confidence       real,
  assistant_words  text        NOT NULL,
  -- 'greeting', 'model', 'script' (no model), 'fallback' (the model failed or was late), 'closing'
  source           text        NOT NULL,
  latency_ms       integer     NOT NULL,
  twiml            text        NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (voice_call_id, turn)
);

-- The setup check and the voice gate ask whether a number's voice webhooks have reached us before
-- (a decided call on it): by number, newest first.
CREATE INDEX calls_called_decided ON calls (called, received_at DESC) WHERE decision <> 'pending';

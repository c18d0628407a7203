-- Callback scheduling (issue #14, item 5): the intake page and the intake script capture when the caller would
-- like to be called back. leads.callback_time (V37) keeps what the caller said; callback_from/_to the window it
-- was read as (null when it named no time we understand), in absolute time: the workspace's zone gives it words.
ALTER TABLE leads
  ADD COLUMN callback_from timestamptz,
  ADD COLUMN callback_to   timestamptz,
  ADD CONSTRAINT leads_callback_window CHECK ((callback_from IS NULL AND callback_to IS NULL)
                                              OR callback_to > callback_from);

-- One row per window a lead asked for: the unique key is what makes callback.requested go out exactly once per
-- lead and window, whatever retries, replays or repeats of the same answer happen.
CREATE TABLE callback_requests (
  id               bigserial   PRIMARY KEY,
  workspace_id     bigint      NOT NULL REFERENCES workspaces (id),
  lead_id          bigint      NOT NULL REFERENCES leads (id),
  conversation_id  bigint      REFERENCES conversations (id),
  source           text        NOT NULL CHECK (source IN ('intake_page', 'intake_script')),
  said             text        CHECK (length(said) <= 100),
  window_from      timestamptz NOT NULL,
  window_to        timestamptz NOT NULL CHECK (window_to > window_from),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (lead_id, window_from, window_to)
);
CREATE INDEX callback_requests_workspace ON callback_requests (workspace_id, id DESC);

-- The new outbound webhook event.
ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_events_check;
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_events_check CHECK (cardinality(events) > 0
  AND events <@ ARRAY['lead.created', 'lead.updated', 'message.received', 'sms.failed', 'callback.requested']);

-- The intake script asks for a callback time after the urgency (not when it is an emergency).
ALTER TABLE conversations DROP CONSTRAINT conversations_intake_step_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_intake_step_check
  CHECK (intake_step IN ('need', 'address', 'urgency', 'callback', 'done'));

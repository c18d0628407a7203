-- Email notifications (issue 15, item 1): which notification types go to which email addresses per workspace,
-- and every email as a row of its own (the durable record of what was sent, retried and failed), delivered by
-- jobs of kind 'email' through the outbox like every text.

-- Types: new_lead, urgent, ai_failure, voice_failure, sending_paused, daily_summary (and 'test' for the
-- settings page's test action, which goes to every address whatever its types).
CREATE TABLE notification_emails (
  id            bigserial PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  address       text        NOT NULL CHECK (address ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(address) <= 254),
  types         text[]      NOT NULL CHECK (cardinality(types) > 0 AND types <@ ARRAY['new_lead', 'urgent',
                  'ai_failure', 'voice_failure', 'sending_paused', 'daily_summary']),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, address)
);

CREATE TABLE email_messages (
  id            bigserial PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  to_address    text        NOT NULL,
  type          text        NOT NULL,
  lead_id       bigint REFERENCES leads (id),
  -- the dashboard page the email links to (made absolute with PUBLIC_BASE_URL when it is sent)
  link_path     text,
  subject       text        NOT NULL,
  text_body     text        NOT NULL,
  html_body     text        NOT NULL,
  -- pending (queued or waiting for a retry), sent (the SMTP server accepted it), failed (given up or refused)
  status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts      integer     NOT NULL DEFAULT 0,
  last_error    text,
  message_id    text,
  sent_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_messages_workspace ON email_messages (workspace_id, id DESC);

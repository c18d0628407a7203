-- The branded intake page (issue #14, item 1): a short link in the text-back (PUBLIC_BASE_URL/i/{token}) to a
-- server-rendered page that asks what the caller needs, the address, how urgent it is and when to call back.
--
-- intake_settings: per workspace, the brand colour, which fields the page asks, how long a link lives. No row:
-- the defaults.
CREATE TABLE intake_settings (
  workspace_id    bigint      PRIMARY KEY REFERENCES workspaces (id),
  brand_color     text        NOT NULL DEFAULT '#1d4ed8' CHECK (brand_color ~ '^#[0-9a-fA-F]{6}$'),
  fields          text[]      NOT NULL DEFAULT ARRAY['need', 'address', 'urgency', 'callback_time']
                  CHECK (fields <@ ARRAY['first_name', 'need', 'address', 'urgency', 'callback_time']
                         AND 'need' = ANY (fields)),
  link_ttl_hours  integer     NOT NULL DEFAULT 72 CHECK (link_ttl_hours BETWEEN 1 AND 720),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One link per text-back that offered it, bound to its lead and conversation, for one purpose (the intake). Only
-- the SHA-256 of the token is kept: the database alone cannot open anyone's page. Written in the decision's
-- transaction by recovery_decide (R__), from the hash the text-back's payload carries.
CREATE TABLE intake_links (
  id               bigserial   PRIMARY KEY,
  token_sha256     bytea       NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
  purpose          text        NOT NULL DEFAULT 'intake' CHECK (purpose = 'intake'),
  workspace_id     bigint      NOT NULL REFERENCES workspaces (id),
  lead_id          bigint      NOT NULL REFERENCES leads (id),
  conversation_id  bigint      NOT NULL REFERENCES conversations (id),
  call_id          bigint      REFERENCES calls (id),
  expires_at       timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  first_opened_at  timestamptz,
  open_count       integer     NOT NULL DEFAULT 0,
  submitted_at     timestamptz
);
CREATE INDEX intake_links_workspace_created ON intake_links (workspace_id, created_at);

-- What a caller submitted, once per link; the form's nonce makes a resubmission of the same form a no-op.
CREATE TABLE intake_submissions (
  id            bigserial   PRIMARY KEY,
  link_id       bigint      NOT NULL UNIQUE REFERENCES intake_links (id),
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  nonce         text        NOT NULL,
  fields        jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The caller's preferred time to be called back, in their words.
ALTER TABLE leads ADD COLUMN callback_time text CHECK (length(callback_time) <= 100);

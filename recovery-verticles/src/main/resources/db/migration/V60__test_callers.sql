-- Test-call mode (issue 15, item 3): numbers a workspace registers as its own test phones. Their calls run the
-- whole live path (webhook, decision, text-back, conversation) but the call and the lead are marked test, take
-- nothing from the caps or the usage counters, and are left out of rollups, the overview, reports and the
-- daily summary.
CREATE TABLE test_callers (
  id            bigserial   PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  number        text        NOT NULL CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  label         text        CHECK (char_length(label) <= 80),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, number)
);

-- set by recovery_decide when the caller is one of the workspace's test callers at the time of the call
ALTER TABLE calls ADD COLUMN is_test boolean NOT NULL DEFAULT false;
ALTER TABLE leads ADD COLUMN is_test boolean NOT NULL DEFAULT false;

-- The daily retention purge (issue 15, item 6): one leased job per workspace and UTC day, claimed by any process's
-- RetentionPurger through the LeaseEngine (FOR UPDATE SKIP LOCKED, lease, fenced settle). The unique day is the
-- exactly-once guarantee: every process plans today's jobs with ON CONFLICT DO NOTHING, only one row exists.
CREATE TABLE retention_purges (
  id                   bigserial   PRIMARY KEY,
  workspace_id         bigint      NOT NULL REFERENCES workspaces (id),
  day                  date        NOT NULL,
  status               text        NOT NULL DEFAULT 'pending'
                                   CHECK (status IN ('pending', 'running', 'done', 'failed')),
  attempts             integer     NOT NULL DEFAULT 0,
  due_at               timestamptz NOT NULL DEFAULT now(),
  lease_until          timestamptz,
  last_error           text,
  messages_blanked     integer,
  transcripts_blanked  integer,
  finished_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, day)
);
CREATE INDEX retention_purges_due ON retention_purges (due_at) WHERE status = 'pending';
CREATE INDEX retention_purges_lease ON retention_purges (lease_until) WHERE status = 'running';

-- when a body was blanked by retention or erasure (the dashboard says "removed" instead of showing nothing)
ALTER TABLE messages ADD COLUMN body_purged_at timestamptz;
ALTER TABLE voice_calls ADD COLUMN transcript_purged_at timestamptz;

-- Daily summary (issue 15, item 2): at a local time per workspace, yesterday's numbers by email (addresses that
-- take 'daily_summary') and SMS (the team numbers). One row per workspace and local day is the exactly-once
-- guarantee across processes: only the transaction that inserts it queues the summary.
ALTER TABLE workspaces
  ADD COLUMN daily_summary_enabled    boolean NOT NULL DEFAULT false,
  ADD COLUMN daily_summary_time       time    NOT NULL DEFAULT '08:00',
  ADD COLUMN daily_summary_sms        boolean NOT NULL DEFAULT true,
  -- a day without a missed call is skipped (recorded with its reason) unless this is off
  ADD COLUMN daily_summary_skip_empty boolean NOT NULL DEFAULT true;

CREATE TABLE daily_summaries (
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  day           date        NOT NULL, -- the local day it was sent on; it reports the day before
  status        text        NOT NULL CHECK (status IN ('sent', 'skipped')),
  reason        text,
  counts        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  emails        integer     NOT NULL DEFAULT 0,
  texts         integer     NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, day)
);
CREATE INDEX workspaces_daily_summary ON workspaces (id) WHERE daily_summary_enabled;

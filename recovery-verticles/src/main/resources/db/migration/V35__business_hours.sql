-- Business hours as data (issue #14, item 2): a workspace's weekly schedule (several ranges a day, local
-- wall-clock times in the workspace's time zone) and its holidays and closures (whole days, with a label).
-- Written only through the admin API, which validates both (recovery.hours.WeeklySchedule and
-- HolidayCalendar); read by the hot path (text-back copy), the conversation workers (AI prompt, intake
-- script, follow-ups held while closed) and the dashboard. No row: the workspace has not set its hours, and
-- nothing depends on them (the free-text workspaces.business_hours is still what the AI is told).
CREATE TABLE workspace_hours (
  workspace_id  bigint      PRIMARY KEY REFERENCES workspaces (id),
  -- {"monday": [{"opens": "08:00", "closes": "12:00"}, ...], ...}; a day left out or empty is closed
  weekly        jsonb       NOT NULL CHECK (jsonb_typeof(weekly) = 'object'),
  -- [{"from": "2026-12-25", "to": "2026-12-25", "label": "Christmas Day"}, ...], sorted, not overlapping
  closures      jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(closures) = 'array'),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

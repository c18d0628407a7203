-- Copy that fits (issue #14, item 3): text-back templates per moment (open hours, after hours, holiday, from the
-- workspace's business hours) and caller kind (first-time, returning: a lead that already had a conversation or
-- was won). open/first_time is workspaces.textback_template, always there; a slot without a row falls back to
-- the closest one written (recovery.copy.CopySlot). Templates are checked by the admin API (known variables only).
CREATE TABLE textback_copy (
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  moment        text        NOT NULL CHECK (moment IN ('open', 'after_hours', 'holiday')),
  caller_kind   text        NOT NULL CHECK (caller_kind IN ('first_time', 'returning')),
  template      text        NOT NULL CHECK (length(template) BETWEEN 1 AND 480),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, moment, caller_kind),
  CHECK (NOT (moment = 'open' AND caller_kind = 'first_time'))
);

-- After-hours and holiday text-backs end with "Reply URGENT if this is an emergency." (unless they say URGENT
-- already); turning it on also puts "urgent" among the workspace's emergency words, so the reply alerts the team.
ALTER TABLE workspaces ADD COLUMN textback_urgency_guidance boolean NOT NULL DEFAULT false;

-- The caller's first name, when an intake gave it: {caller_first_name} in the next text-back.
ALTER TABLE leads ADD COLUMN first_name text CHECK (length(first_name) <= 60);

-- "Is this a returning caller?" looks at every conversation of the lead, closed ones too.
CREATE INDEX conversations_lead ON conversations (lead_id);

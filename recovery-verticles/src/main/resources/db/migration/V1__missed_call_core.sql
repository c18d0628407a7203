-- Core tables of the missed-call path. Every tenant-owned row carries its workspace (and through it
-- its agency) so every query can be scoped by tenant first.

CREATE TABLE agencies (
  id          bigserial PRIMARY KEY,
  name        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A Twilio account (or subaccount) that owns tracked numbers. The auth token signs its webhooks and
-- authenticates our REST calls; the previous token stays valid while a rotation is under way.
CREATE TABLE twilio_accounts (
  account_sid          text PRIMARY KEY CHECK (account_sid ~ '^AC[0-9a-fA-F]{32}$'),
  agency_id            bigint      NOT NULL REFERENCES agencies (id),
  auth_token           text        NOT NULL,
  previous_auth_token  text,
  created_at           timestamptz NOT NULL DEFAULT now()
);

-- What a plan allows. Workspaces point at one.
CREATE TABLE plans (
  code             text PRIMARY KEY,
  name             text    NOT NULL,
  textback         boolean NOT NULL,
  ai_replies       boolean NOT NULL,
  daily_sms_cap    integer NOT NULL CHECK (daily_sms_cap >= 0),
  monthly_lead_cap integer NOT NULL CHECK (monthly_lead_cap >= 0)
);

INSERT INTO plans (code, name, textback, ai_replies, daily_sms_cap, monthly_lead_cap) VALUES
  ('voice_only', 'Voice only', false, false,    0,    0),
  ('starter',    'Starter',    true,  false,  200,  500),
  ('pro',        'Pro',        true,  true,  1000, 5000);

CREATE TABLE workspaces (
  id                       bigserial PRIMARY KEY,
  agency_id                bigint      NOT NULL REFERENCES agencies (id),
  name                     text        NOT NULL,
  timezone                 text        NOT NULL DEFAULT 'America/New_York',
  status                   text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  billing_status           text        NOT NULL DEFAULT 'active'
                           CHECK (billing_status IN ('active', 'trialing', 'past_due', 'canceled')),
  plan_code                text        NOT NULL DEFAULT 'starter' REFERENCES plans (code),
  -- null caps fall back to the plan's
  daily_sms_cap            integer CHECK (daily_sms_cap >= 0),
  monthly_lead_cap         integer CHECK (monthly_lead_cap >= 0),
  duplicate_window_seconds integer     NOT NULL DEFAULT 86400 CHECK (duplicate_window_seconds >= 0),
  textback_template        text        NOT NULL
                           DEFAULT '{business}: Sorry we missed your call! How can we help? Reply here and we''ll get right back to you.',
  optout_footer            text        NOT NULL DEFAULT 'Reply STOP to opt out.',
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workspaces_agency ON workspaces (agency_id);

CREATE TABLE tracked_numbers (
  id                   bigserial PRIMARY KEY,
  workspace_id         bigint      NOT NULL REFERENCES workspaces (id),
  account_sid          text        NOT NULL REFERENCES twilio_accounts (account_sid),
  phone_number         text        NOT NULL CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  routing_mode         text        NOT NULL CHECK (routing_mode IN ('forwarding', 'direct')),
  business_phone       text CHECK (business_phone ~ '^\+[1-9][0-9]{6,14}$'),
  ring_timeout_seconds integer     NOT NULL DEFAULT 20 CHECK (ring_timeout_seconds BETWEEN 5 AND 60),
  active               boolean     NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (routing_mode = 'forwarding' OR business_phone IS NOT NULL)
);
-- a Twilio number belongs to one workspace at a time
CREATE UNIQUE INDEX tracked_numbers_phone ON tracked_numbers (phone_number) WHERE active;
CREATE INDEX tracked_numbers_workspace ON tracked_numbers (workspace_id);

-- One caller in one workspace: repeat callers are grouped here.
CREATE TABLE leads (
  id              bigserial PRIMARY KEY,
  workspace_id    bigint      NOT NULL REFERENCES workspaces (id),
  caller          text        NOT NULL,
  stage           text        NOT NULL DEFAULT 'new' CHECK (stage IN ('new', 'engaged', 'qualified', 'won', 'lost')),
  -- counted against the monthly lead cap in this month (YYYYMM), null when not (yet) counted
  counted_month   integer,
  call_count      integer     NOT NULL DEFAULT 0,
  first_call_at   timestamptz NOT NULL DEFAULT now(),
  last_call_at    timestamptz NOT NULL DEFAULT now(),
  last_texted_at  timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, caller)
);
CREATE INDEX leads_workspace_last_call ON leads (workspace_id, last_call_at DESC);

-- One inbound call and the recovery decision taken for it. (account_sid, call_sid) is the final word
-- on duplicate webhooks.
CREATE TABLE calls (
  id             bigserial PRIMARY KEY,
  workspace_id   bigint      NOT NULL REFERENCES workspaces (id),
  account_sid    text        NOT NULL,
  call_sid       text        NOT NULL,
  lead_id        bigint REFERENCES leads (id),
  caller         text        NOT NULL,
  called         text        NOT NULL,
  routing_mode   text        NOT NULL,
  call_status    text,
  decision       text        NOT NULL CHECK (decision IN ('pending', 'texted', 'skipped')),
  reason         text        NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  decided_at     timestamptz,
  UNIQUE (account_sid, call_sid)
);
CREATE INDEX calls_workspace_received ON calls (workspace_id, received_at DESC);
CREATE INDEX calls_lead ON calls (lead_id);

-- Usage per period, the durable truth behind the Redis cap counters.
CREATE TABLE usage_counters (
  workspace_id  bigint  NOT NULL REFERENCES workspaces (id),
  metric        text    NOT NULL CHECK (metric IN ('sms_day', 'leads_month')),
  period        integer NOT NULL, -- YYYYMMDD for sms_day, YYYYMM for leads_month, in the workspace's timezone
  used          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, metric, period)
);

-- Callers who asked not to be texted by a workspace, with evidence.
CREATE TABLE opt_outs (
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  phone         text        NOT NULL,
  source        text        NOT NULL, -- 'keyword', 'twilio_21610', 'admin'
  evidence      text,
  message_sid   text,
  opted_out_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, phone)
);

-- Numbers Twilio told us cannot receive SMS (landlines, invalid mobiles): global knowledge.
CREATE TABLE unreachable_numbers (
  phone       text PRIMARY KEY,
  error_code  integer     NOT NULL,
  noted_at    timestamptz NOT NULL DEFAULT now()
);

-- The outbox: durable units of work. A job is claimed with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE jobs (
  id            bigserial PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  kind          text        NOT NULL,
  payload       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  due_at        timestamptz NOT NULL DEFAULT now(),
  attempts      integer     NOT NULL DEFAULT 0,
  -- did the last attempt possibly reach the provider? ('none': certainly not; 'unknown': maybe)
  last_outcome  text        NOT NULL DEFAULT 'none' CHECK (last_outcome IN ('none', 'unknown')),
  lease_until   timestamptz,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (due_at) WHERE status = 'pending';
CREATE INDEX jobs_lease ON jobs (lease_until) WHERE status = 'running';

CREATE TABLE messages (
  id            bigserial PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  lead_id       bigint REFERENCES leads (id),
  job_id        bigint UNIQUE REFERENCES jobs (id),
  direction     text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  kind          text        NOT NULL, -- 'textback', 'reply', 'manual', ...
  from_number   text        NOT NULL,
  to_number     text        NOT NULL,
  body          text        NOT NULL,
  segments      integer     NOT NULL DEFAULT 1,
  message_sid   text UNIQUE,
  status        text        NOT NULL,
  error_code    integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_lead ON messages (lead_id, created_at);

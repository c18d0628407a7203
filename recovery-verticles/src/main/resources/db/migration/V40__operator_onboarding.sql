-- Agency onboarding (issue 15, item 5): the platform operator's own keys, separate from agency keys;
-- what the operator sets on an agency (plan for its new workspaces, a workspace limit, suspension); and
-- scopes and expiry on agency keys.

-- Operator keys (mcr_op_...): only a SHA-256 is stored, like agency keys, in a table of their own, so an
-- agency key can never be taken for an operator key or the other way round. source 'env' is the key named
-- by OPERATOR_API_KEY at start (at most one active); 'api' keys were issued by an operator.
CREATE TABLE operator_keys (
  id              bigserial PRIMARY KEY,
  name            text        NOT NULL,
  display_prefix  text        NOT NULL,
  key_hash        bytea       NOT NULL UNIQUE,
  source          text        NOT NULL DEFAULT 'api' CHECK (source IN ('env', 'api')),
  created_by      bigint REFERENCES operator_keys (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_used_at    timestamptz,
  revoked_at      timestamptz
);
CREATE UNIQUE INDEX operator_keys_one_env ON operator_keys (source) WHERE source = 'env' AND revoked_at IS NULL;

-- What operators did, across agencies (an operator's change to an agency's workspace is also written to
-- that agency's own audit_log, with no api_key_id and the operator as actor).
CREATE TABLE operator_audit_log (
  id               bigserial PRIMARY KEY,
  operator_key_id  bigint REFERENCES operator_keys (id),
  actor            text        NOT NULL,
  action           text        NOT NULL,
  target_type      text        NOT NULL,
  target_id        text,
  changes          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operator_audit_log_recent ON operator_audit_log (id DESC);

ALTER TABLE agencies
  ADD COLUMN status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  -- the plan a workspace the agency creates gets when the agency does not (or may not) name one
  ADD COLUMN default_plan_code text REFERENCES plans (code),
  -- the most workspaces the agency may have (null: no limit)
  ADD COLUMN max_workspaces    integer CHECK (max_workspaces >= 0),
  ADD COLUMN updated_at        timestamptz NOT NULL DEFAULT now();

-- read_only keys may only read (GET); an expired key is refused like a revoked one, with its own code.
ALTER TABLE api_keys
  ADD COLUMN scope       text NOT NULL DEFAULT 'full' CHECK (scope IN ('full', 'read_only')),
  ADD COLUMN expires_at  timestamptz,
  ADD COLUMN issued_by_operator_key bigint REFERENCES operator_keys (id);

-- Honest outcomes (issue 15, item 4): a lead is booked (stage 'won') with an optional value, by staff through the
-- API and dashboard or by the business's own tools through a signed inbound webhook. Reports count recovered
-- revenue from these values only.
ALTER TABLE leads
  ADD COLUMN booked_at      timestamptz,
  ADD COLUMN booked_value   numeric(12, 2) CHECK (booked_value >= 0),
  ADD COLUMN outcome_source text CHECK (outcome_source IN ('api', 'webhook'));
-- A lead set to 'won' before outcomes existed was booked then (without a value). The admin API keeps stage 'won'
-- and booked_at together from now on. No lead.updated webhook is sent for this backfill.
ALTER TABLE leads DISABLE TRIGGER webhook_on_lead;
UPDATE leads SET booked_at = updated_at WHERE stage = 'won';
ALTER TABLE leads ENABLE TRIGGER webhook_on_lead;
ALTER TABLE leads ADD CONSTRAINT leads_value_only_booked CHECK (booked_value IS NULL OR booked_at IS NOT NULL);
CREATE INDEX leads_workspace_booked ON leads (workspace_id, booked_at) WHERE booked_at IS NOT NULL;

-- The inbound outcome webhook's signing secret, one per workspace, sealed like every secret at rest
-- (SecretBox, bound to 'workspace_outcome_secrets/<workspace id>').
CREATE TABLE workspace_outcome_secrets (
  workspace_id  bigint PRIMARY KEY REFERENCES workspaces (id),
  secret        text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

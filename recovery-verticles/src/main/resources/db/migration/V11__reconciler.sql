-- The reconciler with Twilio (issue #11, item 11).
--
-- calls.source: who took the call's decision. 'webhook' for Twilio's webhooks (every row before this
-- migration); 'reconciler' when the reconciler found the call in Twilio's Calls resource without a decision
-- here (every webhook lost, shed or never sent) and decided it through the same recovery_decide().
ALTER TABLE calls ADD COLUMN source text NOT NULL DEFAULT 'webhook' CHECK (source IN ('webhook', 'reconciler'));

-- Calls still waiting for their final webhook, oldest first per account: what the reconciler looks up.
CREATE INDEX calls_pending ON calls (account_sid, received_at) WHERE decision = 'pending';

-- One reconciling process per Twilio account at a time. A process holds an account's lease while it renews
-- it before the expiry; a process that died loses it when lease_until passes and another takes over.
-- last_success_at feeds the lag gauge (seconds since the oldest account's last complete pass).
CREATE TABLE reconciler_leases (
  account_sid      text PRIMARY KEY REFERENCES twilio_accounts (account_sid) ON DELETE CASCADE,
  holder           text        NOT NULL,
  lease_until      timestamptz NOT NULL,
  last_success_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);

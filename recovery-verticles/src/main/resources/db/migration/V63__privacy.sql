-- Privacy controls (issue 15, item 6): erasing a caller, the opt-out ledger kept as hashes, retention per workspace.
-- The functions that use these tables live in R__privacy_hash.sql and R__privacy_erase_caller.sql.

-- One secret per agency, the key of the HMAC that stands for a caller's number once the number itself is gone.
-- Never read by the admin API nor shown anywhere: only the SQL functions of R__privacy_hash.sql use it.
CREATE TABLE privacy_keys (
  agency_id   bigint      PRIMARY KEY REFERENCES agencies (id),
  secret      bytea       NOT NULL CHECK (length(secret) >= 32),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The opt-out ledger: every opt-out (a STOP, a carrier's 21610, an admin's) with when and how, keyed by the HMAC
-- of the number under the agency's privacy key, never by the number. opt_outs keeps the current state with the
-- number; when a caller is erased their opt_outs row goes and the ledger row, marked erased, is what still
-- suppresses a later call or text from that number (caller_opted_out()).
CREATE TABLE opt_out_hashes (
  id            bigserial   PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  number_hash   bytea       NOT NULL CHECK (length(number_hash) = 32),
  opted_out_at  timestamptz NOT NULL,
  source        text        NOT NULL,
  -- the number opted back in (START) after this opt-out
  opted_in_at   timestamptz,
  -- the caller was erased while opted out: only this row remembers the opt-out
  erased_at     timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opt_out_hashes_number ON opt_out_hashes (workspace_id, number_hash);
CREATE INDEX opt_out_hashes_export ON opt_out_hashes (workspace_id, id);
-- the only rows a decision has to look at: erased numbers still opted out (none in most workspaces)
CREATE INDEX opt_out_hashes_erased ON opt_out_hashes (workspace_id, number_hash)
  WHERE erased_at IS NOT NULL AND opted_in_at IS NULL;

-- Retention per workspace: message bodies and voice transcripts older than N days are blanked by the daily purge.
-- NULL keeps them.
CREATE TABLE workspace_retention (
  workspace_id       bigint      PRIMARY KEY REFERENCES workspaces (id),
  message_body_days  integer     CHECK (message_body_days > 0 AND message_body_days <= 3650),
  transcript_days    integer     CHECK (transcript_days > 0 AND transcript_days <= 3650),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

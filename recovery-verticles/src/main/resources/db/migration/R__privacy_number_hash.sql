-- The hash that stands for a caller's number in the opt-out ledger (V63 opt_out_hashes).
--
-- Repeatable migration: the one current source of this function. To change its signature, DROP FUNCTION IF EXISTS
-- it at the top of this file first.
-- SQL-language, so its body is checked when created: privacy_hmac and privacy_key sort (and are made) before it.

-- The ledger hash of a number in a workspace (the key of the workspace's agency); made with the key if need be.
CREATE OR REPLACE FUNCTION privacy_number_hash(p_workspace_id bigint, p_phone text)
RETURNS bytea
LANGUAGE sql AS $$
  SELECT privacy_hmac(privacy_key(w.agency_id), convert_to(p_phone, 'UTF8'))
    FROM workspaces w WHERE w.id = p_workspace_id;
$$;

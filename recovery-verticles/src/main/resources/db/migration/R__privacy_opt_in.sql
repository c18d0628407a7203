-- A START ends the ledger's open opt-outs of the number.
--
-- Repeatable migration: the one current source of this function. To change its signature, DROP FUNCTION IF EXISTS
-- it at the top of this file first.

-- START from a number: every open opt-out of the ledger for it ends (an erased caller's too).
CREATE OR REPLACE FUNCTION privacy_opt_in(p_workspace_id bigint, p_phone text)
RETURNS void
LANGUAGE sql AS $$
  UPDATE opt_out_hashes SET opted_in_at = now()
   WHERE workspace_id = p_workspace_id AND opted_in_at IS NULL
     AND number_hash = privacy_number_hash(p_workspace_id, p_phone);
$$;

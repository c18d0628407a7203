-- Whether a workspace may text a number (opt-outs, and the ledger for erased callers).
--
-- Repeatable migration: the one current source of this function. To change its signature, DROP FUNCTION IF EXISTS
-- it at the top of this file first.
-- SQL-language and made before privacy_hmac (repeatable migrations run in the order of their names), so its body
-- is checked when it is called rather than when it is made.
SET check_function_bodies = off;

-- Is this number opted out of texts from this workspace? The current opt-outs first (the number is there), then,
-- only when the workspace has an erased caller still opted out, the ledger by hash (computed once): an erased
-- caller who had replied STOP is still never texted. Every path that texts or answers a caller asks this.
-- Plain SQL: one statement (plpgsql ran up to three); OR and AND stop at the first answer, so the HMAC is only
-- computed in a workspace with an erased opted-out caller. recovery_decide, the hot path, writes the same expression
-- out in its CASE instead of calling this (R__recovery_decide.sql) (a function with subqueries is never inlined): keep the two the same.
CREATE OR REPLACE FUNCTION caller_opted_out(p_workspace_id bigint, p_phone text)
RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM opt_outs o WHERE o.workspace_id = p_workspace_id AND o.phone = p_phone)
      OR (EXISTS (SELECT 1 FROM opt_out_hashes h
                   WHERE h.workspace_id = p_workspace_id AND h.erased_at IS NOT NULL AND h.opted_in_at IS NULL)
          AND EXISTS (SELECT 1 FROM opt_out_hashes h
                       WHERE h.workspace_id = p_workspace_id AND h.erased_at IS NOT NULL AND h.opted_in_at IS NULL
                         AND h.number_hash = (SELECT privacy_hmac(k.secret, convert_to(p_phone, 'UTF8'))
                                                FROM workspaces w JOIN privacy_keys k ON k.agency_id = w.agency_id
                                               WHERE w.id = p_workspace_id)));
$$;

RESET check_function_bodies;

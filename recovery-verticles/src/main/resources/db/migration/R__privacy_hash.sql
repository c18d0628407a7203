-- The hash that stands for a caller's number in the opt-out ledger (V63): HMAC-SHA256 of the number (its E.164
-- text, UTF-8) under the agency's privacy key. Built on PostgreSQL's own sha256() (11+), so no extension is needed;
-- PrivacyHashTest checks it against javax.crypto's HmacSHA256.
--
-- Repeatable migration: the one current source of these functions and of the opt-out ledger's trigger.
-- To change a signature, DROP FUNCTION IF EXISTS it at the top of this file first.

-- RFC 2104 HMAC with SHA-256 (block size 64 bytes).
CREATE OR REPLACE FUNCTION privacy_hmac(p_key bytea, p_message bytea)
RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  k     bytea := CASE WHEN length(p_key) > 64 THEN sha256(p_key) ELSE p_key END;
  ipad  bytea;
  opad  bytea;
BEGIN
  k := k || decode(repeat('00', 64 - length(k)), 'hex');
  ipad := k;
  opad := k;
  FOR i IN 0..63 LOOP
    ipad := set_byte(ipad, i, get_byte(k, i) # 54);  -- 0x36
    opad := set_byte(opad, i, get_byte(k, i) # 92);  -- 0x5c
  END LOOP;
  RETURN sha256(opad || sha256(ipad || p_message));
END;
$$;

-- The agency's privacy key, made on first use (256 bits from two random UUIDs and the clock, through SHA-256).
CREATE OR REPLACE FUNCTION privacy_key(p_agency_id bigint)
RETURNS bytea
LANGUAGE plpgsql AS $$
DECLARE
  v_secret bytea;
BEGIN
  SELECT k.secret INTO v_secret FROM privacy_keys k WHERE k.agency_id = p_agency_id;
  IF v_secret IS NULL THEN
    INSERT INTO privacy_keys (agency_id, secret)
    VALUES (p_agency_id, sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                                           || clock_timestamp()::text, 'UTF8')))
    ON CONFLICT (agency_id) DO NOTHING;
    SELECT k.secret INTO v_secret FROM privacy_keys k WHERE k.agency_id = p_agency_id;
  END IF;
  RETURN v_secret;
END;
$$;

-- The ledger hash of a number in a workspace (the key of the workspace's agency); made with the key if need be.
CREATE OR REPLACE FUNCTION privacy_number_hash(p_workspace_id bigint, p_phone text)
RETURNS bytea
LANGUAGE sql AS $$
  SELECT privacy_hmac(privacy_key(w.agency_id), convert_to(p_phone, 'UTF8'))
    FROM workspaces w WHERE w.id = p_workspace_id;
$$;

-- Is this number opted out of texts from this workspace? The current opt-outs first (the number is there), then,
-- only when the workspace has an erased caller still opted out, the ledger by hash (computed once): an erased
-- caller who had replied STOP is still never texted. Every path that texts or answers a caller asks this.
-- Plain SQL: one statement (plpgsql ran up to three); OR and AND stop at the first answer, so the HMAC is only
-- computed in a workspace with an erased opted-out caller. recovery_decide, the hot path, writes the same expression
-- out in its CASE instead of calling this (a function with subqueries is never inlined): keep the two the same.
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

-- START from a number: every open opt-out of the ledger for it ends (an erased caller's too).
CREATE OR REPLACE FUNCTION privacy_opt_in(p_workspace_id bigint, p_phone text)
RETURNS void
LANGUAGE sql AS $$
  UPDATE opt_out_hashes SET opted_in_at = now()
   WHERE workspace_id = p_workspace_id AND opted_in_at IS NULL
     AND number_hash = privacy_number_hash(p_workspace_id, p_phone);
$$;

-- Every opt-out written to opt_outs (inserted, or renewed by a later STOP) is one row of the ledger.
CREATE OR REPLACE FUNCTION opt_out_ledger_record()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO opt_out_hashes (workspace_id, number_hash, opted_out_at, source)
  VALUES (NEW.workspace_id, privacy_number_hash(NEW.workspace_id, NEW.phone), NEW.opted_out_at, NEW.source);
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS opt_out_ledger_record ON opt_outs;
CREATE TRIGGER opt_out_ledger_record AFTER INSERT OR UPDATE OF opted_out_at ON opt_outs
  FOR EACH ROW EXECUTE FUNCTION opt_out_ledger_record();

-- Opt-outs recorded before the ledger existed, once each (a no-op when this file is re-applied).
INSERT INTO opt_out_hashes (workspace_id, number_hash, opted_out_at, source)
SELECT o.workspace_id, privacy_number_hash(o.workspace_id, o.phone), o.opted_out_at, o.source
  FROM opt_outs o
 WHERE NOT EXISTS (SELECT 1 FROM opt_out_hashes h
                    WHERE h.workspace_id = o.workspace_id AND h.opted_out_at = o.opted_out_at
                      AND h.number_hash = privacy_number_hash(o.workspace_id, o.phone));

-- The agency's secret for the opt-out ledger's hashes (V63 privacy_keys): never read outside SQL.
--
-- Repeatable migration: the one current source of this function. To change its signature, DROP FUNCTION IF EXISTS
-- it at the top of this file first.

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

-- The opt-out ledger's hashes (V63) are HMAC-SHA256 of a number (its E.164 text, UTF-8) under the agency's privacy
-- key (privacy_key), built on PostgreSQL's own sha256() (11+), so no extension is needed; PrivacyHashTest checks it
-- against javax.crypto's HmacSHA256.
--
-- Repeatable migration: the one current source of this function. To change its signature, DROP FUNCTION IF EXISTS
-- it at the top of this file first.

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

-- Secrets at rest are sealed with AES-256-GCM by the gateway (SecretBox): twilio_accounts.auth_token,
-- twilio_accounts.previous_auth_token and webhook_endpoints.secret hold 'enc:v1:<key id>:<base64url>'.
-- SQL cannot know the key, so this migration does not touch those rows: each process seals any value
-- still in plaintext (and reseals values under a retired key) at start, row by row, compare-and-set.
COMMENT ON COLUMN twilio_accounts.auth_token IS 'sealed: enc:v1:<key id>:<base64url(nonce|ciphertext|tag)>, AAD twilio_accounts/<account_sid>';
COMMENT ON COLUMN twilio_accounts.previous_auth_token IS 'sealed like auth_token';
COMMENT ON COLUMN webhook_endpoints.secret IS 'sealed: enc:v1:<key id>:<base64url>, AAD webhook_endpoints/<id>';

-- One row per key id ever used, holding a known text sealed under it: a process whose key under that id
-- is a different key refuses to start instead of failing every signature check.
CREATE TABLE secret_keys (
  key_id      text PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  check_value text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

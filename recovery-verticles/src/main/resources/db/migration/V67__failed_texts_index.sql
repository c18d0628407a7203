-- The failed-text view (issue #15 item 7) and the support bundle list an agency's failed outbound texts, newest
-- first, by workspace and optionally by Twilio error code. Failures are a small share of all messages: a
-- partial index keeps that read off the full table.
CREATE INDEX messages_failed ON messages (workspace_id, id DESC)
  WHERE direction = 'outbound' AND status IN ('failed', 'undelivered');

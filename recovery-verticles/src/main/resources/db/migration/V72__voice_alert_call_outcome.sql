-- How an outbound alert call (V71) ended at Twilio, from its status callback: 'completed' (answered), 'busy',
-- 'no-answer', 'failed' or 'canceled', with its duration; so "was the team reached?" is answered from the record.
ALTER TABLE voice_alert_calls
  ADD COLUMN call_status           text,
  ADD COLUMN call_duration_seconds integer,
  ADD COLUMN ended_at              timestamptz;

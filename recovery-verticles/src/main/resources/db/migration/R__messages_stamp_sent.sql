-- Trigger messages_stamp_sent (V4), BEFORE INSERT OR UPDATE OF message_sid ON messages: stamps when Twilio
-- accepted an outbound message (its MessageSid became known), the end of "time to text-back".
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION messages_stamp_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.direction = 'outbound' AND NEW.message_sid IS NOT NULL AND NEW.sent_at IS NULL
     AND (TG_OP = 'INSERT' OR OLD.message_sid IS NULL) THEN
    NEW.sent_at := now();
  END IF;
  RETURN NEW;
END
$$;

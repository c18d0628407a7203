-- Trigger webhook_on_message_failed (V4), AFTER INSERT OR UPDATE OF status ON messages for outbound rows that
-- became failed or undelivered: sms.failed, once.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION webhook_on_message_failed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- the row's JSON is built only when an active endpoint of the agency takes sms.failed
  IF (TG_OP = 'INSERT' OR OLD.status NOT IN ('failed', 'undelivered'))
     AND webhook_subscribed(NEW.workspace_id, 'sms.failed') THEN
    PERFORM webhook_emit(NEW.workspace_id, 'sms.failed', to_jsonb(NEW) - ARRAY['job_id']);
  END IF;
  RETURN NULL;
END
$$;

-- Trigger webhook_on_inbound_message (V4), a deferred constraint trigger AFTER INSERT ON messages for inbound
-- rows: an inbound text is attached to its lead and conversation after it is inserted (inbound_sms_receive),
-- so message.received is emitted at commit from the row as committed.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION webhook_on_inbound_message() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  m messages;
BEGIN
  -- the row is read and its JSON built only when an active endpoint of the agency takes message.received
  IF NOT webhook_subscribed(NEW.workspace_id, 'message.received') THEN
    RETURN NULL;
  END IF;
  SELECT * INTO m FROM messages WHERE id = NEW.id;
  IF FOUND THEN
    PERFORM webhook_emit(m.workspace_id, 'message.received', to_jsonb(m) - ARRAY['job_id']);
  END IF;
  RETURN NULL;
END
$$;

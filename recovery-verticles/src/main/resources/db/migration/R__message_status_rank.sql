-- Message statuses only move forward: a late 'sent' never overwrites 'delivered'.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION message_status_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE status
    WHEN 'pending' THEN 0
    WHEN 'accepted' THEN 1
    WHEN 'scheduled' THEN 1
    WHEN 'queued' THEN 2
    WHEN 'sending' THEN 3
    WHEN 'sent' THEN 4
    WHEN 'receiving' THEN 4
    WHEN 'received' THEN 5
    WHEN 'partially_delivered' THEN 5
    WHEN 'delivered' THEN 6
    WHEN 'undelivered' THEN 6
    WHEN 'failed' THEN 6
    WHEN 'canceled' THEN 6
    WHEN 'read' THEN 7
    ELSE 0
  END
$$;

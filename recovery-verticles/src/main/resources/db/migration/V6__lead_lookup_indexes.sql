-- The latest call and the latest message of a lead, found by one index probe each (issue #6: the
-- dashboard's "needs attention" count ran a backward scan of all messages per lead and took seconds
-- under load, starving the webhooks). Each index replaces one on the same leading column, so the hot
-- path writes no more index entries than before.
CREATE INDEX calls_lead_latest ON calls (lead_id, received_at DESC, id DESC);
DROP INDEX calls_lead;
CREATE INDEX messages_lead_latest ON messages (lead_id, id DESC);
DROP INDEX messages_lead;

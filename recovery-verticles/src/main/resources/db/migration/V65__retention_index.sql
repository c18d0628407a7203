-- The retention purge finds a workspace's old message bodies still kept through this index; a purged body leaves it.
-- (Not CONCURRENTLY: Flyway keeps a transaction open on another connection while it migrates, which a concurrent
-- build would wait for forever. On a large messages table, build it by hand first with CREATE INDEX CONCURRENTLY
-- IF NOT EXISTS and this file does nothing.)
CREATE INDEX IF NOT EXISTS messages_body_kept ON messages (workspace_id, created_at) WHERE body <> '';

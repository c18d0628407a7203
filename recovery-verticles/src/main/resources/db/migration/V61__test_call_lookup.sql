-- Test-call mode (issue 15, item 3): the setup check reads each number's latest test call; test calls are few, so
-- a partial index keeps that lookup off the calls table's hot indexes.
CREATE INDEX calls_test_latest ON calls (workspace_id, called, received_at DESC) WHERE is_test;

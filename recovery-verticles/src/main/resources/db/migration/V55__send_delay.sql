-- Send delay (issue #14 item 4): a workspace may wait 0-300 s before its text-back goes out, one delay for open
-- hours and one for after hours (holidays and closures count as after hours). The delayed text-back is an
-- ordinary outbox message due when the delay ends (messages.due_at): the sender's lease engine claims it then,
-- so the wait survives restarts and is never a sleep. While it waits, a redundant text-back is cancelled
-- (textback_cancel, R__textback_cancel.sql) with the reason on its call.
--   send_delay_seconds  the delay a text-back was given (NULL: none); the latency metrics count from its end
ALTER TABLE workspaces
  ADD COLUMN textback_delay_open_seconds integer NOT NULL DEFAULT 0
    CHECK (textback_delay_open_seconds BETWEEN 0 AND 300),
  ADD COLUMN textback_delay_after_hours_seconds integer NOT NULL DEFAULT 0
    CHECK (textback_delay_after_hours_seconds BETWEEN 0 AND 300);

ALTER TABLE messages ADD COLUMN send_delay_seconds integer CHECK (send_delay_seconds BETWEEN 1 AND 300);

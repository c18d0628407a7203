-- The conversation timer (issue #12 item 4): a conversation's timed work (the follow-up ladder: one follow-up
-- text, then the on-call number; and the auto-close of a stale conversation) is a few columns of its own row
-- instead of job rows, so a decided call writes no job rows for it. A ConversationTimer claims due rows through
-- the lease engine (FOR UPDATE SKIP LOCKED), fenced by the conversation id and timer_claims.
--
--   followup_step      the ladder's next step ('followup' or 'oncall'); null: no step is due
--   followup_due_at    when that step is due
--   followup_since     when the ladder (or its current step) started: a caller's text since then stops it
--   close_due_at       when the auto-close looks at the conversation (it checks the inactivity again then)
--   timer_claims       claims ever made on this row's timer: the fencing token of every settle
--   timer_tries        claims since the last successful settle (a failing step is retried, then given up)
--   timer_lease_until  set while a worker holds the timer (or a failed step waits for its retry)
--   timer_last_error   why the last try failed
ALTER TABLE conversations
  ADD COLUMN followup_step     text CHECK (followup_step IN ('followup', 'oncall')),
  ADD COLUMN followup_due_at   timestamptz,
  ADD COLUMN followup_since    timestamptz,
  ADD COLUMN close_due_at      timestamptz,
  ADD COLUMN timer_claims      integer NOT NULL DEFAULT 0,
  ADD COLUMN timer_tries       integer NOT NULL DEFAULT 0,
  ADD COLUMN timer_lease_until timestamptz,
  ADD COLUMN timer_last_error  text,
  ADD CONSTRAINT conversations_followup_step_due CHECK ((followup_step IS NULL) = (followup_due_at IS NULL));

-- The next due instant of every conversation with a timer set: what the timer's claim reads, in due order.
-- Conversations without timed work (closed ones, most of the table) are not in it.
CREATE INDEX conversations_timer_due ON conversations ((least(followup_due_at, close_due_at)))
  WHERE followup_due_at IS NOT NULL OR close_due_at IS NOT NULL;

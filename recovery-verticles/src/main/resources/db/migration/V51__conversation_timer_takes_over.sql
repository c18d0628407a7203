-- The conversation timer takes over (issue #12 item 4): follow-up ladder and auto-close work still waiting as
-- job rows moves onto its conversation's timer (V50), and those jobs are cancelled, so nothing runs twice and
-- nothing is lost. A job a worker was running when this ran is moved as due at once: the timer's step checks the
-- conversation again under its lock, as the job would have (a follow-up the job had already queued finds the
-- on-call step, or nothing, waiting).

-- the latest waiting auto-close of each open conversation
UPDATE conversations c SET close_due_at = j.due_at
  FROM (SELECT DISTINCT ON (conversation_id) conversation_id,
               CASE WHEN status = 'running' THEN now() ELSE due_at END AS due_at
          FROM jobs
         WHERE kind = 'auto_close' AND status IN ('pending', 'running') AND conversation_id IS NOT NULL
         ORDER BY conversation_id, id DESC) j
 WHERE c.id = j.conversation_id AND c.status = 'open';

-- the latest waiting step of each open conversation's follow-up ladder, silent since its job was queued
UPDATE conversations c SET followup_step = j.kind, followup_due_at = j.due_at, followup_since = j.created_at
  FROM (SELECT DISTINCT ON (conversation_id) conversation_id, kind, created_at,
               CASE WHEN status = 'running' THEN now() ELSE due_at END AS due_at
          FROM jobs
         WHERE kind IN ('followup', 'oncall') AND status IN ('pending', 'running') AND conversation_id IS NOT NULL
         ORDER BY conversation_id, id DESC) j
 WHERE c.id = j.conversation_id AND c.status = 'open';

UPDATE jobs SET status = 'cancelled', lease_until = NULL, updated_at = now(),
                last_error = 'moved to the conversation timer (V51)'
 WHERE kind IN ('followup', 'oncall', 'auto_close') AND status IN ('pending', 'running');

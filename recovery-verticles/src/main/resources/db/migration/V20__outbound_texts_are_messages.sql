-- An outbound text is one row: the message carries its own send state (claimed, leased, settled by the
-- sender's lease engine), instead of a job row beside it. A text-back used to write a job and a message and
-- update both when sent; now it writes the message and updates it.
--   send_status   'pending' (due at due_at), 'running' (claimed until lease_until), 'done', 'failed', 'cancelled';
--                 NULL for inbound messages
--   attempts      claims so far, the fencing token of every settle
--   last_outcome  did the last attempt possibly reach Twilio? ('unknown': look before sending again)
--   account_sid   the Twilio account it is sent with (status callbacks must be signed by it)
--   call_id       the missed call a text-back answers
--   webhook_received_at  when that call's webhook arrived (text-back latency); cleared once held for quiet hours
ALTER TABLE messages
  ADD COLUMN send_status text CHECK (send_status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN due_at timestamptz,
  ADD COLUMN lease_until timestamptz,
  ADD COLUMN last_outcome text NOT NULL DEFAULT 'none' CHECK (last_outcome IN ('none', 'unknown')),
  ADD COLUMN last_error text,
  ADD COLUMN account_sid text,
  ADD COLUMN call_id bigint,
  ADD COLUMN webhook_received_at timestamptz;

CREATE INDEX messages_send_due ON messages (due_at) WHERE send_status = 'pending';
CREATE INDEX messages_send_lease ON messages (lease_until) WHERE send_status = 'running';

-- Every text sent so far keeps its history on its message (the lead page and the overview find a text-back's
-- call through call_id); texts still queued move over with their state and the sender claims them from here.
UPDATE messages m
   SET send_status = j.status, attempts = j.attempts, due_at = j.due_at, lease_until = j.lease_until,
       last_outcome = j.last_outcome, last_error = j.last_error, account_sid = j.payload ->> 'account_sid',
       call_id = (j.payload ->> 'call_id')::bigint,
       webhook_received_at = CASE WHEN j.payload ? 'received_at_ms' AND NOT coalesce((j.payload ->> 'held')::boolean, false)
                                  THEN to_timestamp((j.payload ->> 'received_at_ms')::bigint / 1000.0) END
  FROM jobs j
 WHERE j.id = m.job_id AND j.kind IN ('textback', 'sms');

-- A pending follow-up finds its text-back by the message now.
UPDATE jobs f SET payload = f.payload || jsonb_build_object('textback_message_id', m.id)
  FROM messages m
 WHERE f.kind = 'followup' AND f.status = 'pending' AND f.payload ? 'textback_job_id'
   AND m.job_id = (f.payload ->> 'textback_job_id')::bigint;

-- The queued jobs themselves are done with: their messages carry them.
UPDATE jobs SET status = 'cancelled', lease_until = NULL, last_error = 'moved to its message (V20)', updated_at = now()
 WHERE kind IN ('textback', 'sms') AND status IN ('pending', 'running');

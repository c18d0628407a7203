-- Many webhooks in one statement and one transaction (the gateway's group commit), one recovery_decide()
-- each, in order; row i of the result answers webhook i. Every CallSid of the batch is locked first, in
-- one global order, before any row is touched: two batches (of two processes) holding the same calls
-- then queue behind each other instead of deadlocking, as they could if each took its CallSids one by
-- one between row locks on the same workspace's counters.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
DROP FUNCTION IF EXISTS recovery_decide_batch(bigint[], text[], text[], text[], text[], text[], text[], text[],
                                             timestamptz[], text[], integer[], text[], double precision);
CREATE OR REPLACE FUNCTION recovery_decide_batch(
  p_workspace_id bigint[],
  p_account_sid  text[],
  p_call_sid     text[],
  p_caller       text[],
  p_called       text[],
  p_routing_mode text[],
  p_call_status  text[],
  p_event        text[],
  p_received_at  timestamptz[],
  p_body         text[],
  p_segments     integer[],
  p_job_payload  text[],
  p_claim_lease_seconds double precision)
RETURNS TABLE (ord integer, outcome text, reason text, call_id bigint, lead_id bigint, job_id bigint,
               lead_counted boolean, conv_id bigint, claimed_until timestamptz, is_test boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(k.key)
     FROM (SELECT DISTINCT hashtextextended(u.account_sid || '/' || u.call_sid, 0) AS key
             FROM unnest(p_account_sid, p_call_sid) AS u(account_sid, call_sid)
            ORDER BY 1) k;
  RETURN QUERY
    SELECT a.n::integer, d.outcome, d.reason, d.call_id, d.lead_id, d.job_id, d.lead_counted, d.conv_id,
           d.claimed_until, d.is_test
      FROM unnest(p_workspace_id, p_account_sid, p_call_sid, p_caller, p_called, p_routing_mode, p_call_status,
                  p_event, p_received_at, p_body, p_segments, p_job_payload) WITH ORDINALITY
             AS a(ws, acct, sid, caller, called, mode, status, event, received, body, segments, payload, n)
     CROSS JOIN LATERAL recovery_decide(a.ws, a.acct, a.sid, a.caller, a.called, a.mode, a.status, a.event,
                                        a.received, a.body, a.segments, a.payload::jsonb,
                                        p_claim_lease_seconds) d
     ORDER BY a.n;
END;
$$;

-- The bench's voice-recovery tenants, next to the load-test tenants the gateway seeded (LOAD_TEST_SEED_WORKSPACES),
-- under the same agency and Twilio account: ${numbers} workspaces on the pro plan (voice recovery is a plan feature)
-- with voice recovery on, the script path (no model: ai_enabled stays as the gateway has it, and the bench sets no
-- AI_BASE_URL), caps high enough not to interfere, each with one direct-mode number +1555400NNNN whose business
-- +1555998NNNN never answers, verified as the voice gate wants it: one call on the number decided before. Apart
-- from the other scenarios' workspaces, so their calls never pay for a voice look-up. Idempotent.
WITH a AS (SELECT agency_id FROM twilio_accounts WHERE account_sid = '${account}'),
w AS (
  INSERT INTO workspaces (agency_id, name, plan_code, daily_sms_cap, monthly_lead_cap, duplicate_window_seconds,
                          voice_enabled)
  SELECT a.agency_id, 'Voice Bench Business ' || i, 'pro', 100000000, 100000000, 0, true
    FROM a, generate_series(0, ${numbers} - 1) AS i
   WHERE NOT EXISTS (SELECT 1 FROM tracked_numbers t
                      WHERE t.phone_number = '+1555400' || lpad(i::text, 4, '0') AND t.active)
  RETURNING id, substring(name FROM '[0-9]+$')::int AS i),
n AS (
  INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode, business_phone)
  SELECT id, '${account}', '+1555400' || lpad(i::text, 4, '0'), 'direct', '+1555998' || lpad(i::text, 4, '0') FROM w
  RETURNING workspace_id, phone_number)
INSERT INTO calls (workspace_id, account_sid, call_sid, caller, called, routing_mode, decision, reason, received_at)
SELECT workspace_id, '${account}', 'CA' || md5('voice bench ' || phone_number), '+15550009999', phone_number, 'direct',
       'skipped', 'answered', now() - interval '1 day'
  FROM n

-- The dashboard's scale database: a few hundred workspaces of very different sizes, ~90 days of calls
-- decided with a realistic mix of reasons, leads with text-backs, conversations and replies. Set-based
-- (one INSERT ... SELECT generate_series per table), through the migrated schema with its constraints
-- and triggers. ${agencies}, ${workspaces}, ${leads}, ${calls}, ${days} are replaced by ScaleSeed.

-- step: agencies, accounts, workspaces and their numbers
SELECT setseed(0.42);
CREATE TEMP TABLE seed_agency AS
WITH a AS (INSERT INTO agencies (name) SELECT 'Scale agency ' || g FROM generate_series(1, ${agencies}) g RETURNING id)
SELECT row_number() OVER (ORDER BY id) AS n, id, 'AC' || md5('scale-seed-account-' || id) AS account_sid FROM a;
INSERT INTO twilio_accounts (account_sid, agency_id, auth_token)
SELECT account_sid, id, 'scale-seed-token-' || id FROM seed_agency;
-- workspace k of rank k gets a share proportional to 1/k^0.8 (the biggest ~7 % of all calls, the smallest ~0.05 %);
-- the five biggest belong to agency 1 (the one the dashboard key reads), the others spread with a skew too
CREATE TEMP TABLE seed_rank AS
SELECT k, 1.0 / power(k, 0.8) AS weight,
       CASE WHEN k <= 5 THEN 1 ELSE 1 + floor(${agencies} * power(random(), 1.5))::int END AS agency_n,
       (ARRAY['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Phoenix',
              'Europe/London'])[1 + (k % 6)] AS timezone
  FROM generate_series(1, ${workspaces}) k;
CREATE TEMP TABLE seed_ws AS
WITH w AS (
  INSERT INTO workspaces (agency_id, name, timezone, plan_code)
  SELECT a.id, (ARRAY['Plumbing', 'Roofing', 'HVAC', 'Electric', 'Dental', 'Auto repair', 'Landscaping', 'Pest control'])
                 [1 + (r.k % 8)] || ' ' || r.k, r.timezone, CASE WHEN r.k % 3 = 0 THEN 'pro' ELSE 'starter' END
    FROM seed_rank r JOIN seed_agency a ON a.n = r.agency_n
   ORDER BY r.k
  RETURNING id, agency_id, name)
SELECT w.id, w.agency_id, a.account_sid, r.k,
       greatest(20, round(${leads} * r.weight / t.total))::int AS leads,
       greatest(40, round(${calls} * r.weight / t.total))::int AS calls,
       '+1999' || lpad(w.id::text, 7, '0') AS number
  FROM w JOIN seed_agency a ON a.id = w.agency_id
  JOIN seed_rank r ON split_part(w.name, ' ', -1)::int = r.k
  CROSS JOIN (SELECT sum(weight) AS total FROM seed_rank) t;
CREATE UNIQUE INDEX ON seed_ws (id);
INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode)
SELECT id, account_sid, number, 'forwarding' FROM seed_ws;

-- step: leads (first call spread over the window, a few in every stage, some with what they need)
INSERT INTO leads (workspace_id, caller, stage, need, address, urgency, call_count, first_call_at, last_call_at,
                   created_at, updated_at)
SELECT s.id, '+1' || (2010000000 + s.id * 100000 + g), x.stage,
       CASE WHEN random() < 0.4 THEN (ARRAY['Leaking water heater', 'AC not cooling', 'Roof repair estimate',
         'Broken tooth', 'Brake noise', 'Lawn care quote', 'Ants in the kitchen', 'Outlet sparking'])[1 + g % 8] END,
       CASE WHEN random() < 0.3 THEN (100 + g % 900) || ' ' || (ARRAY['Main St', 'Oak Ave', 'Elm Rd', 'Pine Ct'])[1 + g % 4] END,
       CASE WHEN random() < 0.3 THEN (ARRAY['today', 'this week', 'no rush'])[1 + g % 3] END,
       1, x.at, x.at, x.at, x.at
  FROM seed_ws s
  CROSS JOIN LATERAL generate_series(1, s.leads) g
  CROSS JOIN LATERAL (SELECT now() - random() * interval '${days} days' AS at,
                             CASE WHEN r < 0.5 THEN 'new' WHEN r < 0.75 THEN 'engaged' WHEN r < 0.85 THEN 'qualified'
                                  WHEN r < 0.95 THEN 'won' ELSE 'lost' END AS stage
                        FROM (SELECT random() + g * 0 AS r) r0) x;

-- step: calls (each lead's first call, then repeat callers skewed to a few leads; reasons in a realistic mix)
INSERT INTO calls (workspace_id, account_sid, call_sid, lead_id, caller, called, routing_mode, call_status,
                   decision, reason, received_at, decided_at)
SELECT s.id, s.account_sid, 'CA' || md5(s.id || '-' || g), l.id, l.caller, s.number, 'forwarding',
       CASE WHEN x.reason = 'answered' THEN 'completed' ELSE 'no-answer' END,
       CASE WHEN x.reason = 'texted' THEN 'texted' ELSE 'skipped' END, x.reason, x.at, x.at + interval '180 ms'
  FROM seed_ws s
  CROSS JOIN LATERAL generate_series(1, s.calls) g
  CROSS JOIN LATERAL (SELECT CASE WHEN g <= s.leads THEN g ELSE 1 + floor(s.leads * power(random(), 3))::int END AS n) p
  JOIN leads l ON l.workspace_id = s.id AND l.caller = '+1' || (2010000000 + s.id * 100000 + p.n)
  CROSS JOIN LATERAL (
    SELECT CASE WHEN g <= s.leads THEN l.first_call_at ELSE l.first_call_at + random() * (now() - l.first_call_at) END AS at,
           CASE WHEN r < 0.50 THEN 'texted' WHEN r < 0.70 THEN 'answered' WHEN r < 0.82 THEN 'within_duplicate_window'
                WHEN r < 0.86 THEN 'duplicate_webhook' WHEN r < 0.89 THEN 'daily_sms_cap_reached'
                WHEN r < 0.91 THEN 'monthly_lead_cap_reached' WHEN r < 0.94 THEN 'caller_opted_out'
                WHEN r < 0.96 THEN 'anonymous_caller' WHEN r < 0.98 THEN 'caller_cannot_receive_sms'
                WHEN r < 0.99 THEN 'billing_inactive' ELSE 'not_final' END AS reason
      FROM (SELECT random() + g * 0 AS r) r0) x;

-- step: text-back messages, one per texted call, as the decision writes them (the message is the outbox entry, V20)
INSERT INTO messages (workspace_id, lead_id, direction, kind, from_number, to_number, body, segments,
                      message_sid, status, error_code, created_at, updated_at, sent_at,
                      send_status, attempts, due_at, account_sid, call_id, webhook_received_at)
SELECT c.workspace_id, c.lead_id, 'outbound', 'textback', s.number, l.caller,
       'Sorry we missed your call! How can we help? Reply here and we''ll get right back to you. Reply STOP to opt out.',
       1, 'SM' || md5('scale-textback-' || c.id), CASE WHEN random() < 0.97 THEN 'delivered' ELSE 'undelivered' END,
       NULL, c.received_at, c.received_at + interval '5 s', c.received_at + interval '1 s' + random() * interval '4 s',
       'done', 1, c.received_at, NULL, c.id, c.received_at
  FROM calls c JOIN seed_ws s ON s.id = c.workspace_id JOIN leads l ON l.id = c.lead_id
 WHERE c.decision = 'texted';

-- step: leads' call counts, first/last call and last text-back from their calls
UPDATE leads l SET call_count = a.calls, first_call_at = a.first_at, last_call_at = a.last_at,
                   last_texted_at = a.texted_at, updated_at = a.last_at
  FROM (SELECT c.lead_id, count(*) AS calls, min(c.received_at) AS first_at, max(c.received_at) AS last_at,
               max(c.received_at) FILTER (WHERE c.decision = 'texted') AS texted_at
          FROM calls c JOIN seed_ws s ON s.id = c.workspace_id GROUP BY c.lead_id) a
 WHERE l.id = a.lead_id;

-- step: conversations for a third of the texted leads: the caller replies, the assistant answers
CREATE TEMP TABLE seed_conv AS
WITH c AS (
  INSERT INTO conversations (workspace_id, lead_id, account_sid, business_number, caller, status, ai_turns, intake_step,
                             opened_at, last_inbound_at, last_outbound_at, last_activity_at, closed_at, close_reason)
  SELECT l.workspace_id, l.id, s.account_sid, s.number, l.caller,
         CASE WHEN l.last_texted_at > now() - interval '2 days' THEN 'open' ELSE 'closed' END, 1, 'address',
         l.last_texted_at, l.last_texted_at + interval '2 min', l.last_texted_at + interval '2 min 5 s',
         l.last_texted_at + interval '2 min 5 s',
         CASE WHEN l.last_texted_at <= now() - interval '2 days' THEN l.last_texted_at + interval '2 days' END,
         CASE WHEN l.last_texted_at <= now() - interval '2 days' THEN 'stale' END
    FROM leads l JOIN seed_ws s ON s.id = l.workspace_id
   WHERE l.last_texted_at IS NOT NULL AND random() < 0.33
  RETURNING id, workspace_id, lead_id, business_number, caller, opened_at, status, closed_at)
SELECT * FROM c;
INSERT INTO messages (workspace_id, lead_id, conversation_id, direction, kind, from_number, to_number, body, segments,
                      message_sid, status, created_at, updated_at, sent_at)
SELECT c.workspace_id, c.lead_id, c.id, m.direction, m.kind, m.from_number, m.to_number, m.body, 1,
       'SM' || md5('scale-conv-' || c.id || m.kind), m.status, m.at, m.at, CASE WHEN m.direction = 'outbound' THEN m.at END
  FROM seed_conv c
  CROSS JOIN LATERAL (VALUES
    ('inbound', 'inbound', c.caller, c.business_number, 'Hi, yes, my water heater is leaking, can someone come today?',
     'received', c.opened_at + interval '2 min'),
    ('outbound', 'ai_reply', c.business_number, c.caller, 'Thanks! What is the address where you need the service?',
     'delivered', c.opened_at + interval '2 min 5 s')) m(direction, kind, from_number, to_number, body, status, at);
INSERT INTO conversation_events (workspace_id, conversation_id, kind, reason, created_at)
SELECT workspace_id, id, 'ai_enabled', NULL, opened_at FROM seed_conv
UNION ALL
SELECT workspace_id, id, 'closed', 'stale', closed_at FROM seed_conv WHERE status = 'closed';

-- step: today's usage counters and the dashboard's key (agency 1, the five biggest workspaces)
INSERT INTO usage_counters (workspace_id, metric, period, used)
SELECT s.id, 'sms_day', to_char(now() AT TIME ZONE w.timezone, 'YYYYMMDD')::integer,
       (SELECT count(*) FROM calls c WHERE c.workspace_id = s.id AND c.decision = 'texted'
                                       AND c.received_at >= now() - interval '1 day')
  FROM seed_ws s JOIN workspaces w ON w.id = s.id
ON CONFLICT DO NOTHING;
INSERT INTO api_keys (agency_id, name, display_prefix, key_hash)
SELECT id, 'scale seed dashboard reader', 'mcr_live_ScaleS', sha256(convert_to('${apiKey}', 'UTF8'))
  FROM seed_agency WHERE n = 1;

-- step: planner statistics
ANALYZE;

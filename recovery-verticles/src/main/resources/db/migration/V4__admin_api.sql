-- The admin API (issue #5): API keys, the audit log, outbound webhooks, and what the dashboard measures.
-- Every new table carries its agency so every query can be scoped by tenant first.

-- Whether an agency may set plans, caps and billing status of its own workspaces (a reseller).
-- Set by the operator, never through the API.
ALTER TABLE agencies ADD COLUMN may_set_plans boolean NOT NULL DEFAULT false;

-- When Twilio accepted an outbound message (its MessageSid became known): the end of "time to text-back".
ALTER TABLE messages ADD COLUMN sent_at timestamptz;

CREATE FUNCTION messages_stamp_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.direction = 'outbound' AND NEW.message_sid IS NOT NULL AND NEW.sent_at IS NULL
     AND (TG_OP = 'INSERT' OR OLD.message_sid IS NULL) THEN
    NEW.sent_at := now();
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER messages_stamp_sent BEFORE INSERT OR UPDATE OF message_sid ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_stamp_sent();

-- API keys: only a SHA-256 of the key is stored (keys have 190 bits of entropy, so a fast hash is
-- enough); the display prefix makes a key recognisable in lists without revealing it.
CREATE TABLE api_keys (
  id              bigserial PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies (id),
  name            text        NOT NULL,
  display_prefix  text        NOT NULL,
  key_hash        bytea       NOT NULL UNIQUE,
  created_by      bigint REFERENCES api_keys (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_used_at    timestamptz,
  revoked_at      timestamptz
);
CREATE INDEX api_keys_agency ON api_keys (agency_id, id DESC);

-- Who changed what: one row per change made through the API, written in the change's transaction.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies (id),
  api_key_id   bigint REFERENCES api_keys (id),
  actor        text        NOT NULL,
  action       text        NOT NULL,
  target_type  text        NOT NULL,
  target_id    text,
  changes      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_agency ON audit_log (agency_id, id DESC);

-- Outbound webhooks: an agency's endpoints, each event queued once per subscribed endpoint as a
-- delivery, sent by a durable job (kind 'webhook') and retried with backoff; every attempt is kept.
CREATE TABLE webhook_endpoints (
  id           bigserial PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies (id),
  url          text        NOT NULL CHECK (url ~ '^https?://'),
  description  text,
  events       text[]      NOT NULL CHECK (cardinality(events) > 0
                 AND events <@ ARRAY['lead.created', 'lead.updated', 'message.received', 'sms.failed']),
  secret       text        NOT NULL,
  active       boolean     NOT NULL DEFAULT true,
  -- deleted endpoints stay for their delivery history, hidden from lists, never sent to again
  deleted_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_agency ON webhook_endpoints (agency_id, id DESC);

CREATE TABLE webhook_deliveries (
  id                bigserial PRIMARY KEY,
  agency_id         bigint      NOT NULL REFERENCES agencies (id),
  endpoint_id       bigint      NOT NULL REFERENCES webhook_endpoints (id),
  workspace_id      bigint REFERENCES workspaces (id),
  event_id          uuid        NOT NULL,
  event_type        text        NOT NULL,
  payload           jsonb       NOT NULL,
  status            text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts          integer     NOT NULL DEFAULT 0,
  last_status_code  integer,
  last_error        text,
  next_attempt_at   timestamptz,
  delivered_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_attempts (
  id            bigserial PRIMARY KEY,
  delivery_id   bigint      NOT NULL REFERENCES webhook_deliveries (id),
  attempt       integer     NOT NULL,
  started_at    timestamptz NOT NULL,
  duration_ms   integer     NOT NULL,
  status_code   integer,
  error         text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);

-- Queues one event for every active endpoint of the workspace's agency subscribed to it, in the
-- caller's transaction: the event exists exactly when the change it reports committed.
CREATE FUNCTION webhook_emit(p_workspace_id bigint, p_type text, p_data jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_agency   bigint;
  v_event    uuid;
  v_payload  jsonb;
  v_delivery bigint;
  e          record;
BEGIN
  SELECT agency_id INTO v_agency FROM workspaces WHERE id = p_workspace_id;
  FOR e IN SELECT id FROM webhook_endpoints
            WHERE agency_id = v_agency AND active AND deleted_at IS NULL AND p_type = ANY (events) LOOP
    IF v_event IS NULL THEN
      v_event := gen_random_uuid();
      v_payload := jsonb_build_object(
        'id', v_event, 'type', p_type, 'workspace_id', p_workspace_id,
        'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'data', p_data);
    END IF;
    INSERT INTO webhook_deliveries (agency_id, endpoint_id, workspace_id, event_id, event_type, payload, next_attempt_at)
    VALUES (v_agency, e.id, p_workspace_id, v_event, p_type, v_payload, now())
    RETURNING id INTO v_delivery;
    INSERT INTO jobs (workspace_id, kind, payload)
    VALUES (p_workspace_id, 'webhook', jsonb_build_object('delivery_id', v_delivery));
  END LOOP;
END
$$;

-- Bookkeeping columns are left out of what a lead event carries and of what counts as an update.
CREATE FUNCTION webhook_lead_json(l leads) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT to_jsonb(l) - ARRAY['counted_month', 'last_texted_at']
$$;

CREATE FUNCTION webhook_on_lead() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM webhook_emit(NEW.workspace_id, 'lead.created', webhook_lead_json(NEW));
  ELSIF (webhook_lead_json(NEW) - 'updated_at') IS DISTINCT FROM (webhook_lead_json(OLD) - 'updated_at') THEN
    PERFORM webhook_emit(NEW.workspace_id, 'lead.updated', webhook_lead_json(NEW));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER webhook_on_lead AFTER INSERT OR UPDATE ON leads
  FOR EACH ROW EXECUTE FUNCTION webhook_on_lead();

-- An inbound text is attached to its lead and conversation after it is inserted (inbound_sms_receive, V3),
-- so message.received is emitted at commit (a deferred constraint trigger) from the row as committed.
CREATE FUNCTION webhook_on_inbound_message() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  m messages;
BEGIN
  SELECT * INTO m FROM messages WHERE id = NEW.id;
  IF FOUND THEN
    PERFORM webhook_emit(m.workspace_id, 'message.received', to_jsonb(m) - ARRAY['job_id']);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER webhook_on_inbound_message AFTER INSERT ON messages
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.direction = 'inbound') EXECUTE FUNCTION webhook_on_inbound_message();

CREATE FUNCTION webhook_on_message_failed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD.status NOT IN ('failed', 'undelivered') THEN
    PERFORM webhook_emit(NEW.workspace_id, 'sms.failed', to_jsonb(NEW) - ARRAY['job_id']);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER webhook_on_message_failed AFTER INSERT OR UPDATE OF status ON messages
  FOR EACH ROW WHEN (NEW.direction = 'outbound' AND NEW.status IN ('failed', 'undelivered'))
  EXECUTE FUNCTION webhook_on_message_failed();

-- Dashboard and list queries
CREATE INDEX calls_workspace_reason ON calls (workspace_id, reason, received_at DESC);
CREATE INDEX leads_workspace_created ON leads (workspace_id, created_at DESC);

-- Test-call mode (issue 15, item 3): the test calls the admin API asked Twilio to place. Each costs a Twilio call,
-- so a workspace places one at a time: a new one within 30 s of the last is refused (the row is written, under the
-- workspace's row lock, before Twilio is asked; removed again when Twilio refuses).
CREATE TABLE test_call_placements (
  id            bigserial   PRIMARY KEY,
  workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
  number_id     bigint      NOT NULL REFERENCES tracked_numbers (id),
  from_number   text        NOT NULL,
  to_number     text        NOT NULL,
  call_sid      text,
  placed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX test_call_placements_workspace ON test_call_placements (workspace_id, placed_at DESC);

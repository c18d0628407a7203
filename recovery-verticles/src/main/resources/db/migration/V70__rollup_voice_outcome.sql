-- The hourly call rollup (V16) also counts how voice recovery ended (calls.voice_outcome: 'voice_recovered' or a
-- fallback reason; '' for calls voice recovery never took), so the overview reads calls recovered by voice and
-- voice fallbacks by reason from folded hours as it reads decisions. A text-back fallback's call keeps the
-- text-back's reason (texted, capped, ...), so the voice reason needs its own column.
ALTER TABLE call_rollup_hourly ADD COLUMN voice_outcome text NOT NULL DEFAULT '';
ALTER TABLE call_rollup_hourly DROP CONSTRAINT call_rollup_hourly_pkey;
ALTER TABLE call_rollup_hourly ADD PRIMARY KEY (workspace_id, hour, decision, reason, voice_outcome) INCLUDE (calls);

-- buckets folded before this column existed that hold voice calls are recounted whole, now split by outcome
WITH b AS (
  SELECT DISTINCT c.workspace_id, date_trunc('hour', c.received_at) AS hour
    FROM calls c WHERE c.voice_outcome IS NOT NULL
     AND EXISTS (SELECT 1 FROM call_rollup_hourly r
                  WHERE r.workspace_id = c.workspace_id AND r.hour = date_trunc('hour', c.received_at))),
gone AS (
  DELETE FROM call_rollup_hourly r USING b WHERE r.workspace_id = b.workspace_id AND r.hour = b.hour)
INSERT INTO call_rollup_hourly (workspace_id, hour, decision, reason, voice_outcome, calls)
SELECT c.workspace_id, b.hour, c.decision, c.reason, coalesce(c.voice_outcome, ''), count(*)
  FROM b JOIN calls c ON c.workspace_id = b.workspace_id AND c.received_at >= b.hour
                     AND c.received_at < b.hour + interval '1 hour'
 GROUP BY 1, 2, 3, 4, 5;

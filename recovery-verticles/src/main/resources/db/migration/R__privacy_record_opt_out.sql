-- The opt-out ledger (V63 opt_out_hashes) is fed by a trigger on opt_outs, and filled once with the opt-outs recorded
-- before it existed. Named to run after privacy_number_hash, which the fill calls (repeatable migrations run in the
-- order of their names).
--
-- Repeatable migration: the one current source of this function. To change its signature, DROP FUNCTION IF EXISTS
-- it at the top of this file first.

-- Before this file, the trigger and its function were opt_out_ledger_record (in R__privacy_hash.sql).
DROP TRIGGER IF EXISTS opt_out_ledger_record ON opt_outs;
DROP FUNCTION IF EXISTS opt_out_ledger_record();

-- Every opt-out written to opt_outs (inserted, or renewed by a later STOP) is one row of the ledger.
CREATE OR REPLACE FUNCTION privacy_record_opt_out()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO opt_out_hashes (workspace_id, number_hash, opted_out_at, source)
  VALUES (NEW.workspace_id, privacy_number_hash(NEW.workspace_id, NEW.phone), NEW.opted_out_at, NEW.source);
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS privacy_record_opt_out ON opt_outs;
CREATE TRIGGER privacy_record_opt_out AFTER INSERT OR UPDATE OF opted_out_at ON opt_outs
  FOR EACH ROW EXECUTE FUNCTION privacy_record_opt_out();

-- Opt-outs recorded before the ledger existed, once each (a no-op when this file is re-applied).
INSERT INTO opt_out_hashes (workspace_id, number_hash, opted_out_at, source)
SELECT o.workspace_id, privacy_number_hash(o.workspace_id, o.phone), o.opted_out_at, o.source
  FROM opt_outs o
 WHERE NOT EXISTS (SELECT 1 FROM opt_out_hashes h
                    WHERE h.workspace_id = o.workspace_id AND h.opted_out_at = o.opted_out_at
                      AND h.number_hash = privacy_number_hash(o.workspace_id, o.phone));

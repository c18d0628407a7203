-- Trigger new_lead_email, AFTER INSERT ON leads (not a test lead): a new lead of a workspace with an address
-- taking 'new_lead' emails gets one job of kind 'new_lead_email' carrying its id, in the transaction that created
-- the lead (recovery_decide on the hot path, or voice recovery's start of a call), so the email exists exactly
-- when the lead does, once: a retried webhook or the caller's next call updates the lead and inserts nothing.
-- The email queue's worker (EmailSender, NewLeadEmails) writes the emails with EmailTemplates.newLead and
-- EmailOutbox in the transaction that finishes the job, so the words stay in one place (Java).
--
-- Cost on the hot path: nothing for a repeat caller (an upsert that updates fires no AFTER INSERT trigger) and
-- for a test caller (the WHEN clause); one probe of notification_emails' (workspace_id, address) index for a
-- new lead of a workspace without such an address; one job row when it has one. No extra statement or round
-- trip: it runs inside the statement that inserts the lead.
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git. The trigger is made here
-- too: a versioned migration runs before this file and could not name the function yet.
CREATE OR REPLACE FUNCTION new_lead_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM notification_emails e
              WHERE e.workspace_id = NEW.workspace_id AND 'new_lead' = ANY (e.types)) THEN
    INSERT INTO jobs (workspace_id, kind, payload)
    VALUES (NEW.workspace_id, 'new_lead_email', jsonb_build_object('lead_id', NEW.id));
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS new_lead_email ON leads;
CREATE TRIGGER new_lead_email AFTER INSERT ON leads
  FOR EACH ROW WHEN (NOT NEW.is_test) EXECUTE FUNCTION new_lead_email();
-- its first name (c7b89b1), on a database that applied that version
DROP FUNCTION IF EXISTS new_lead_email_on_lead();

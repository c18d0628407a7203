-- Outbound webhook URLs may no longer hold user:password@ (issue 11, item 3), and the audit log never
-- stores one (AuditLog redacts it when writing). Entries written before that may quote such a URL in a
-- change's "from"/"to": redact them the same way (scheme:// then up to an '@' becomes scheme://***@).
-- The pattern stops at a JSON string's closing quote, so it never reaches into the next value.
UPDATE audit_log
   SET changes = regexp_replace(changes::text, '([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s"]*@', '\1***@', 'g')::jsonb
 WHERE changes::text ~ '[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s"]*@';

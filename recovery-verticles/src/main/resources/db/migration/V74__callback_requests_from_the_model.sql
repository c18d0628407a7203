-- Callback scheduling (issue #14, item 5): a callback time the AI model extracted from the caller's text is a
-- callback request too (source 'ai'), beside the intake page's and the intake script's.
ALTER TABLE callback_requests DROP CONSTRAINT callback_requests_source_check;
ALTER TABLE callback_requests ADD CONSTRAINT callback_requests_source_check
  CHECK (source IN ('intake_page', 'intake_script', 'ai'));

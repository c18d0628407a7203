-- Whether a text contains one of the words or phrases (whole words, case and punctuation insensitive).
--
-- Repeatable migration: the one current source of this function (CREATE OR REPLACE, re-applied by Flyway
-- whenever this file changes, after every versioned migration). Its history is in git and in the V files
-- that first defined it. To change its arguments or result columns, DROP FUNCTION IF EXISTS the old
-- signature at the top of this file first (CREATE OR REPLACE cannot change them).
CREATE OR REPLACE FUNCTION text_mentions(p_text text, p_words text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT w FROM unnest(p_words) AS w
   WHERE strpos(' ' || regexp_replace(lower(p_text), '[^a-z0-9]+', ' ', 'g') || ' ',
                ' ' || trim(regexp_replace(lower(w), '[^a-z0-9]+', ' ', 'g')) || ' ') > 0
     AND trim(regexp_replace(lower(w), '[^a-z0-9]+', ' ', 'g')) <> ''
   LIMIT 1
$$;

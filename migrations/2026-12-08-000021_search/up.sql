-- Full-text search (issue 14): Italian and English stemming with accents
-- folded, one weighted tsvector per searchable table, kept by PostgreSQL in
-- the same transaction as every write (a generated column), and GIN indexes.

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION fucina_it (COPY = pg_catalog.italian);
ALTER TEXT SEARCH CONFIGURATION fucina_it
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem;
CREATE TEXT SEARCH CONFIGURATION fucina_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION fucina_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- Text without its HTML tags and the entities sanitised HTML carries.
CREATE FUNCTION fucina_plain(html text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN replace(replace(replace(replace(replace(
        regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g'),
        '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&');

-- A list of words (competences) as text.
CREATE FUNCTION fucina_words(items text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(array_to_string(items, ' '), '');

-- The words of `body` in the item's language: Italian or English stems, or
-- both when the language is another or unknown.
CREATE FUNCTION fucina_tsv(lang text, body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN lang LIKE 'it%' THEN to_tsvector('public.fucina_it'::regconfig, coalesce(body, ''))
        WHEN lang LIKE 'en%' THEN to_tsvector('public.fucina_en'::regconfig, coalesce(body, ''))
        ELSE to_tsvector('public.fucina_it'::regconfig, coalesce(body, ''))
            || to_tsvector('public.fucina_en'::regconfig, coalesce(body, ''))
    END;

-- What a person typed, as a query in both languages (web-search syntax:
-- "quoted phrases", or, -excluded).
CREATE FUNCTION fucina_query(q text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN websearch_to_tsquery('public.fucina_it'::regconfig, q)
        || websearch_to_tsquery('public.fucina_en'::regconfig, q);

-- Posts: the title over the content warning over the text.
ALTER TABLE statuses ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(fucina_tsv(language, name), 'A')
    || setweight(fucina_tsv(language, summary), 'B')
    || setweight(fucina_tsv(language, fucina_plain(content)), 'C')
) STORED;
CREATE INDEX statuses_search_idx ON statuses USING gin (search);

-- Proposals (their language is not known: both stemmers): the title, then
-- the summary, competences and kind, then the long texts.
ALTER TABLE proposals ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(fucina_tsv(NULL, title), 'A')
    || setweight(fucina_tsv(NULL, short_description || ' ' || fucina_words(competences) || ' ' || replace(kind, '_', ' ')), 'B')
    || setweight(fucina_tsv(NULL, description || ' ' || innovation || ' ' || contribution), 'C')
) STORED;
CREATE INDEX proposals_search_idx ON proposals USING gin (search);

-- People and groups: the name, then organisation, role and skills, then the bio.
ALTER TABLE actors ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(fucina_tsv(NULL, display_name || ' ' || username), 'A')
    || setweight(fucina_tsv(NULL, organisation || ' ' || role_title || ' ' || skills), 'B')
    || setweight(fucina_tsv(NULL, fucina_plain(summary)), 'C')
) STORED;
CREATE INDEX actors_search_idx ON actors USING gin (search);

ALTER TABLE actors DROP COLUMN search;
ALTER TABLE proposals DROP COLUMN search;
ALTER TABLE statuses DROP COLUMN search;
DROP FUNCTION fucina_query(text);
DROP FUNCTION fucina_tsv(text, text);
DROP FUNCTION fucina_words(text[]);
DROP FUNCTION fucina_plain(text);
DROP TEXT SEARCH CONFIGURATION fucina_en;
DROP TEXT SEARCH CONFIGURATION fucina_it;

DROP FUNCTION fucina_store_remote_status(text, text, bigint, text, bigint, text, bigint, text, text, text, text, text, text, text, boolean, bigint[], text[], timestamptz);

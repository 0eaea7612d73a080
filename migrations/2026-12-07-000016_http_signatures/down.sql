ALTER TABLE instances DROP COLUMN advertises_rfc9421, DROP COLUMN http_signature;

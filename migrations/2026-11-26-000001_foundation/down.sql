DROP TABLE oauth_access_tokens;
DROP TABLE oauth_authorization_codes;
DROP TABLE oauth_applications;
DROP TABLE web_sessions;
DROP TABLE users;
DROP TABLE actors;
DROP FUNCTION fucina_id();
DROP SEQUENCE fucina_id_seq;

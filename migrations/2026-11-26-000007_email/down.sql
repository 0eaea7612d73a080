DROP INDEX notifications_unmailed_idx;
ALTER TABLE notifications DROP COLUMN emailed_at;
DROP INDEX users_unsubscribe_token_key;
ALTER TABLE users DROP COLUMN digest_sent_at, DROP COLUMN unsubscribe_token, DROP COLUMN email_notifications;

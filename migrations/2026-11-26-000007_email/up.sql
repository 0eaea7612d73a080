-- E-mail notifications: each person's preference, a secret for one-click
-- unsubscribing, when their last digest went out, and which notifications
-- have been mailed (or skipped).
ALTER TABLE users
    ADD COLUMN email_notifications text NOT NULL DEFAULT 'immediate'
        CHECK (email_notifications IN ('off', 'immediate', 'daily', 'weekly')),
    ADD COLUMN unsubscribe_token text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
    ADD COLUMN digest_sent_at timestamptz;
CREATE UNIQUE INDEX users_unsubscribe_token_key ON users (unsubscribe_token);

ALTER TABLE notifications ADD COLUMN emailed_at timestamptz;
-- What was notified before e-mail existed is not mailed now.
UPDATE notifications SET emailed_at = now();
CREATE INDEX notifications_unmailed_idx ON notifications (recipient_id, id) WHERE emailed_at IS NULL;

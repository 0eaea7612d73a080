DROP INDEX polls_update_due_idx;
ALTER TABLE polls DROP COLUMN update_sent_at, DROP COLUMN update_due_at;

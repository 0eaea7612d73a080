ALTER TABLE statuses DROP COLUMN featured_at;

-- Media on posts (Mastodon's media API): a picture uploaded first, alone
-- (no owner yet), then attached to the post that names it in `media_ids`.
-- Remote posts' media are links, like other remote files.
ALTER TABLE attachments DROP CONSTRAINT attachments_check;
ALTER TABLE attachments
    ADD COLUMN status_id bigint REFERENCES statuses (id) ON DELETE CASCADE,
    ADD COLUMN position smallint NOT NULL DEFAULT 0,
    -- Pixels, when known (read from the picture's header, or given by its server).
    ADD COLUMN width integer,
    ADD COLUMN height integer,
    -- The focal point, each from -1.0 to 1.0 (Mastodon's `focus`).
    ADD COLUMN focus_x real,
    ADD COLUMN focus_y real,
    ADD CONSTRAINT attachments_one_owner CHECK (num_nonnulls(proposal_id, interest_id, status_id) <= 1);
CREATE INDEX attachments_status_idx ON attachments (status_id, position) WHERE status_id IS NOT NULL;
-- Uploads not attached yet, for their uploader and for clearing old ones.
CREATE INDEX attachments_unattached_idx ON attachments (uploader_id, created_at)
    WHERE proposal_id IS NULL AND interest_id IS NULL AND status_id IS NULL;

DELETE FROM attachments WHERE proposal_id IS NULL AND interest_id IS NULL;
DROP INDEX attachments_unattached_idx;
DROP INDEX attachments_status_idx;
ALTER TABLE attachments
    DROP CONSTRAINT attachments_one_owner,
    DROP COLUMN focus_y,
    DROP COLUMN focus_x,
    DROP COLUMN height,
    DROP COLUMN width,
    DROP COLUMN position,
    DROP COLUMN status_id;
ALTER TABLE attachments ADD CONSTRAINT attachments_check CHECK ((proposal_id IS NULL) <> (interest_id IS NULL));

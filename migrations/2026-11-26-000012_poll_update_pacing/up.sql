-- A local poll's counts go out with an Update at most every few seconds: the
-- first vote's at once, the votes after it together. `update_due_at` is when
-- the next Update is owed; `update_sent_at` when the last one went out.
ALTER TABLE polls
    ADD COLUMN update_due_at timestamptz,
    ADD COLUMN update_sent_at timestamptz;
CREATE INDEX polls_update_due_idx ON polls (update_due_at) WHERE update_due_at IS NOT NULL;

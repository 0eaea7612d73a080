-- Moderators' notes on a report, for each other.
CREATE TABLE report_notes (
    id bigserial PRIMARY KEY,
    report_id bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    author_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_notes_report_idx ON report_notes (report_id, id);
-- A report's history reads the log by its target account and posts.
CREATE INDEX moderation_log_target_actor_idx ON moderation_log (target_actor_id) WHERE target_actor_id IS NOT NULL;

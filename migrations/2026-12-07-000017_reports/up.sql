-- Reports: an account, and some of its posts, reported to this instance's
-- moderators by a person here or by another server (a `Flag`). What was
-- reported is kept as it was when reported (`snapshot`), so an edit or a
-- deletion does not erase the evidence.
CREATE TABLE reports (
    id bigserial PRIMARY KEY,
    -- The Flag's id, for reports from other servers (their retries dedupe).
    ap_id text UNIQUE,
    -- A local person, or the remote actor that sent the Flag; never sent on.
    reporter_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    target_account_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    status_ids bigint[] NOT NULL DEFAULT '{}',
    comment text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT 'other',
    forwarded boolean NOT NULL DEFAULT false,
    snapshot jsonb NOT NULL DEFAULT '[]',
    -- The moderator working it, and the one who resolved it.
    assigned_account_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    action_taken_by_account_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    resolved_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_open_idx ON reports (created_at) WHERE resolved_at IS NULL;
CREATE INDEX reports_target_idx ON reports (target_account_id);

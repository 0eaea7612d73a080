-- Taking one's data away and bringing it in (issue 13): archives of an
-- account built in the background, and the lists Mastodon exports as CSV
-- (bookmarks and mutes are kept here for the first time).

-- An archive of an account, built by a job and kept for a week.
CREATE TABLE account_exports (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'failed')),
    -- The archive's secret name under `<data_dir>/exports`.
    file_key text,
    size_bytes bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX account_exports_user_idx ON account_exports (user_id, created_at DESC);

-- Posts a person keeps for later; private to them.
CREATE TABLE bookmarks (
    id bigserial PRIMARY KEY,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    status_id bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (actor_id, status_id)
);
CREATE INDEX bookmarks_status_idx ON bookmarks (status_id);

-- Accounts a person does not want to see (and, with `notifications`, not be
-- told about), until `expires_at` if set. The muted account is never told.
CREATE TABLE mutes (
    id bigserial PRIMARY KEY,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    target_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    notifications boolean NOT NULL DEFAULT true,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (actor_id, target_id)
);
CREATE INDEX mutes_target_idx ON mutes (target_id);

-- A list imported from a CSV file, worked by a job row by row.
CREATE TABLE account_imports (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('following', 'blocks', 'mutes', 'bookmarks')),
    mode text NOT NULL CHECK (mode IN ('merge', 'overwrite')),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    -- The rows read from the file: [{"target": address or URL, "flag": bool}].
    rows jsonb NOT NULL DEFAULT '[]',
    total integer NOT NULL DEFAULT 0,
    imported integer NOT NULL DEFAULT 0,
    failed text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX account_imports_user_idx ON account_imports (user_id, created_at DESC);

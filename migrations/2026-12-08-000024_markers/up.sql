-- Read positions Mastodon apps save and share between a person's devices
-- (`/api/v1/markers`): the last post read in the home timeline and the last
-- notification read.
CREATE TABLE markers (
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    timeline text NOT NULL CHECK (timeline IN ('home', 'notifications')),
    last_read_id text NOT NULL,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, timeline)
);

-- Consultations: a status may be a poll (a `Question`). Votes on our polls are
-- rows here, one per person and option; for remote polls only our own users'
-- votes are kept (to show what they chose) and the counts are the origin's.

CREATE TABLE polls (
    status_id bigint PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
    multiple boolean NOT NULL,
    options text[] NOT NULL,
    -- Votes per option, in the order of `options`.
    counts bigint[] NOT NULL,
    voters_count bigint NOT NULL DEFAULT 0,
    expires_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE poll_votes (
    id bigserial PRIMARY KEY,
    status_id bigint NOT NULL REFERENCES polls (status_id) ON DELETE CASCADE,
    voter_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    choice integer NOT NULL,
    -- The vote's Note id: ours for local voters, theirs for remote ones.
    ap_id text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (status_id, voter_id, choice)
);
CREATE INDEX poll_votes_voter_idx ON poll_votes (voter_id);

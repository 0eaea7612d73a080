-- Collaborative proposals (partnership profiles), their themes and communities,
-- and expressions of interest, which only their sender, the proposal's author
-- and the author's facilitators ever see.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('user', 'facilitator', 'moderator', 'admin'));

CREATE TABLE proposals (
    id bigserial PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    -- The published Page: set when a local proposal is published, always for remote ones.
    status_id bigint UNIQUE REFERENCES statuses (id) ON DELETE CASCADE,
    local boolean NOT NULL,
    state text NOT NULL CHECK (state IN ('draft', 'submitted', 'open', 'closed', 'expired', 'completed')),
    title text NOT NULL,
    short_description text NOT NULL,
    description text NOT NULL,
    innovation text NOT NULL DEFAULT '',
    contribution text NOT NULL DEFAULT '',
    kind text NOT NULL CHECK (kind IN ('technology_offer', 'technology_request', 'business_offer', 'business_request',
                                       'rd_cooperation', 'research', 'technical_collaboration', 'licence_agreement',
                                       'joint_venture', 'subcontracting')),
    stage text NOT NULL CHECK (stage IN ('idea', 'lab_tested', 'demonstrable', 'on_market')),
    ip text NOT NULL CHECK (ip IN ('secret', 'patent_pending', 'patent_granted', 'none')),
    languages text[] NOT NULL DEFAULT '{}',
    foreign_partners boolean NOT NULL DEFAULT true,
    competences text[] NOT NULL DEFAULT '{}',
    expires_at timestamptz,
    contact text NOT NULL DEFAULT '',
    facilitator_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    -- Why a facilitator sent it back.
    review_note text NOT NULL DEFAULT '',
    results_status_id bigint REFERENCES statuses (id) ON DELETE SET NULL,
    -- For a remote proposal: the listed team as its instance publishes it (actor ids).
    remote_team text[] NOT NULL DEFAULT '{}',
    -- The invitation-only community the team became.
    team_group_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    published_at timestamptz,
    closed_at timestamptz
);
CREATE INDEX proposals_state_idx ON proposals (state, id DESC);
CREATE INDEX proposals_author_idx ON proposals (author_id, id DESC);
CREATE INDEX proposals_expiry_idx ON proposals (expires_at) WHERE state = 'open';
CREATE INDEX proposals_competences_idx ON proposals USING gin (competences);

CREATE TABLE proposal_groups (
    proposal_id bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    group_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    PRIMARY KEY (proposal_id, group_id)
);
CREATE INDEX proposal_groups_group_idx ON proposal_groups (group_id, proposal_id DESC);

CREATE TABLE interests (
    id bigserial PRIMARY KEY,
    proposal_id bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    sender_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    -- The Join's id: ours for local senders, theirs for remote ones.
    ap_id text UNIQUE,
    state text NOT NULL CHECK (state IN ('draft', 'sent', 'in_review', 'accepted', 'declined', 'withdrawn')),
    offer text NOT NULL,
    about text NOT NULL DEFAULT '',
    questions text NOT NULL DEFAULT '',
    on_behalf_of text NOT NULL DEFAULT '',
    -- The sender agrees to be listed in the proposal's team once accepted.
    team_consent boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    decided_at timestamptz
);
-- One per person per proposal (a withdrawn one may be followed by a new one).
CREATE UNIQUE INDEX interests_one_per_person ON interests (proposal_id, sender_id) WHERE state <> 'withdrawn';
CREATE INDEX interests_sender_idx ON interests (sender_id, id DESC);

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('follow', 'follow_request', 'mention', 'reblog', 'favourite', 'update', 'status', 'poll',
                    'group_invitation', 'group_request',
                    'proposal_submitted', 'proposal_published', 'proposal_sent_back', 'proposal_new',
                    'proposal_completed', 'proposal_expired', 'interest_received', 'interest_accepted', 'interest_declined',
                    'interest_withdrawn'));
ALTER TABLE notifications
    ADD COLUMN proposal_id bigint REFERENCES proposals (id) ON DELETE CASCADE,
    ADD COLUMN interest_id bigint REFERENCES interests (id) ON DELETE CASCADE;

-- Moderation of local accounts, instance rules and the warnings people get.

-- The instance's rules, shown at sign-up, in reports and in the API. Each
-- carries its text and hint per language: {"en": {"text", "hint"}, "it": …}.
CREATE TABLE rules (
    id bigserial PRIMARY KEY,
    position integer NOT NULL DEFAULT 0,
    texts jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The rules a report says were broken.
ALTER TABLE reports ADD COLUMN rule_ids bigint[] NOT NULL DEFAULT '{}';

-- What moderators did to an account. A suspension hides the account and its
-- posts at once (the posts hidden by it carry `deleted_at = suspended_at`, so
-- lifting it brings back exactly those) and is purged after 30 days.
ALTER TABLE users
    ADD COLUMN disabled boolean NOT NULL DEFAULT false,
    ADD COLUMN silenced_at timestamptz,
    ADD COLUMN sensitized_at timestamptz,
    ADD COLUMN suspended_at timestamptz;
-- When the person accepted the terms and the privacy policy at sign-up.
ALTER TABLE users ADD COLUMN terms_accepted_at timestamptz;
CREATE INDEX users_suspended_idx ON users (suspended_at) WHERE suspended_at IS NOT NULL;

-- A moderator's decision about an account, as its owner is told of it (a
-- warning, a removal of posts, a suspension…), with the owner's one appeal.
CREATE TABLE account_warnings (
    id bigserial PRIMARY KEY,
    target_account_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    action text NOT NULL,
    text text NOT NULL DEFAULT '',
    status_ids bigint[] NOT NULL DEFAULT '{}',
    report_id bigint REFERENCES reports (id) ON DELETE SET NULL,
    created_by bigint REFERENCES actors (id) ON DELETE SET NULL,
    appeal_text text,
    appeal_state text,
    appealed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_warnings_target_idx ON account_warnings (target_account_id);
CREATE INDEX account_warnings_appeals_idx ON account_warnings (appealed_at) WHERE appeal_state = 'pending';

ALTER TABLE notifications ADD COLUMN warning_id bigint REFERENCES account_warnings (id) ON DELETE CASCADE;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('follow', 'follow_request', 'mention', 'reblog', 'favourite', 'update', 'status', 'poll',
                    'group_invitation', 'group_request',
                    'proposal_submitted', 'proposal_published', 'proposal_sent_back', 'proposal_new',
                    'proposal_completed', 'proposal_expired', 'interest_received', 'interest_accepted', 'interest_declined',
                    'interest_withdrawn', 'moderation_warning', 'report_resolved'));

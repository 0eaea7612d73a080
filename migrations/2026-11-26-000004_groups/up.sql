-- Themes and communities: Group actors (FEP-1b12) with members, roles, bans,
-- invitations and a moderation log; posts that belong to a group.

-- What this instance knows about a group of its own. Remote groups are actors
-- of type Group without a row here.
CREATE TABLE groups (
    actor_id bigint PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('theme', 'community')),
    -- Themes carry a stable key shared by every Fucina instance (agrifood is agrifood everywhere).
    theme_key text UNIQUE,
    join_mode text NOT NULL DEFAULT 'open' CHECK (join_mode IN ('open', 'approval', 'invitation')),
    listed boolean NOT NULL DEFAULT true,
    parent_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    -- Translations: {"en": "...", "it": "..."}.
    names jsonb NOT NULL DEFAULT '{}',
    descriptions jsonb NOT NULL DEFAULT '{}',
    languages text[] NOT NULL DEFAULT '{}',
    hide_members boolean NOT NULL DEFAULT false,
    -- Only managers and moderators start discussions (news-only groups).
    posting_restricted boolean NOT NULL DEFAULT false,
    retired_at timestamptz,
    created_by bigint REFERENCES actors (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'theme') = (theme_key IS NOT NULL))
);

-- Managers and moderators of local groups (members are the group's accepted followers).
CREATE TABLE group_roles (
    group_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('manager', 'moderator')),
    granted_by bigint REFERENCES actors (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, actor_id)
);

CREATE TABLE group_bans (
    group_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    banned_by bigint REFERENCES actors (id) ON DELETE SET NULL,
    reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, actor_id)
);

CREATE TABLE group_invitations (
    group_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    invited_by bigint REFERENCES actors (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, actor_id)
);

-- Every moderation action, per group (group_id NULL: the instance's own).
CREATE TABLE moderation_log (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    group_id bigint REFERENCES actors (id) ON DELETE CASCADE,
    moderator_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    action text NOT NULL,
    target_actor_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    target_status_id bigint REFERENCES statuses (id) ON DELETE SET NULL,
    reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_log_group_idx ON moderation_log (group_id, id DESC);

ALTER TABLE statuses
    ADD COLUMN group_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    ADD COLUMN locked boolean NOT NULL DEFAULT false,
    ADD COLUMN pinned_at timestamptz;
CREATE INDEX statuses_group_idx ON statuses (group_id, id DESC) WHERE group_id IS NOT NULL;

-- Invitations to groups and join requests notify too.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('follow', 'follow_request', 'mention', 'reblog', 'favourite', 'update', 'status', 'poll',
                    'group_invitation', 'group_request'));
-- A notification about a group names it.
ALTER TABLE notifications ADD COLUMN group_id bigint REFERENCES actors (id) ON DELETE CASCADE;

-- What remote groups say of themselves (Lemmy's moderators collection and posting restriction).
ALTER TABLE actors
    ADD COLUMN moderators_url text,
    ADD COLUMN posting_restricted boolean NOT NULL DEFAULT false;

-- The remote-post function learns which group a post belongs to.
DROP FUNCTION fucina_store_remote_status(text, text, bigint, text, bigint, text, bigint, text, text, text, text, text, text, text, boolean, bigint[], text[], timestamptz);
CREATE FUNCTION fucina_store_remote_status(
    p_ap_id text,
    p_url text,
    p_actor_id bigint,
    p_object_type text,
    p_in_reply_to_id bigint,
    p_in_reply_to_ap_id text,
    p_in_reply_to_actor_id bigint,
    p_context text,
    p_name text,
    p_summary text,
    p_content text,
    p_source text,
    p_language text,
    p_visibility text,
    p_sensitive boolean,
    p_mentions bigint[],
    p_tags text[],
    p_published_at timestamptz,
    p_group_id bigint
) RETURNS SETOF statuses
    LANGUAGE plpgsql
AS $$
DECLARE
    stored statuses;
BEGIN
    INSERT INTO statuses (id, ap_id, url, actor_id, local, object_type, in_reply_to_id, in_reply_to_ap_id,
                          in_reply_to_actor_id, context, name, summary, content, source, language, visibility,
                          sensitive, published_at, group_id)
    VALUES (fucina_id_at(p_published_at), p_ap_id, p_url, p_actor_id, false, p_object_type, p_in_reply_to_id,
            p_in_reply_to_ap_id, p_in_reply_to_actor_id, p_context, p_name, p_summary, p_content, p_source,
            p_language, p_visibility, p_sensitive, p_published_at, p_group_id)
    ON CONFLICT (ap_id) DO NOTHING
    RETURNING * INTO stored;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO mentions (status_id, actor_id)
        SELECT stored.id, m FROM unnest(p_mentions) AS m ON CONFLICT DO NOTHING;
    INSERT INTO status_tags (status_id, tag)
        SELECT stored.id, t FROM unnest(p_tags) AS t ON CONFLICT DO NOTHING;
    IF p_in_reply_to_id IS NOT NULL THEN
        UPDATE statuses SET replies_count = replies_count + 1 WHERE id = p_in_reply_to_id;
    END IF;
    UPDATE statuses SET in_reply_to_id = stored.id, in_reply_to_actor_id = stored.actor_id
        WHERE in_reply_to_ap_id = p_ap_id AND in_reply_to_id IS NULL;
    UPDATE actors SET last_status_at = p_published_at
        WHERE id = p_actor_id AND (last_status_at IS NULL OR last_status_at < p_published_at);
    INSERT INTO notifications (recipient_id, from_actor_id, kind, status_id)
        SELECT r.id, p_actor_id, 'mention', stored.id FROM actors r
        WHERE r.id = ANY (p_mentions) AND r.domain IS NULL AND r.actor_type = 'Person'
          AND NOT EXISTS (SELECT 1 FROM blocks b
                          WHERE (b.blocker_id = r.id AND b.blocked_id = p_actor_id)
                             OR (b.blocker_id = p_actor_id AND b.blocked_id = r.id));
    RETURN NEXT stored;
END
$$;

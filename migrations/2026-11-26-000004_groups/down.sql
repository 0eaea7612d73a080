DROP FUNCTION fucina_store_remote_status(text, text, bigint, text, bigint, text, bigint, text, text, text, text, text, text, text, boolean, bigint[], text[], timestamptz, bigint);
ALTER TABLE actors DROP COLUMN moderators_url, DROP COLUMN posting_restricted;
ALTER TABLE statuses DROP COLUMN group_id, DROP COLUMN locked, DROP COLUMN pinned_at;
ALTER TABLE notifications DROP COLUMN group_id;
DELETE FROM notifications WHERE kind IN ('group_invitation', 'group_request');
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('follow', 'follow_request', 'mention', 'reblog', 'favourite', 'update', 'status', 'poll'));
DROP TABLE moderation_log;
DROP TABLE group_invitations;
DROP TABLE group_bans;
DROP TABLE group_roles;
DROP TABLE groups;
-- The function as migration 2026-11-26-000003 made it.
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
    p_published_at timestamptz
) RETURNS SETOF statuses
    LANGUAGE plpgsql
AS $$
DECLARE
    stored statuses;
BEGIN
    INSERT INTO statuses (id, ap_id, url, actor_id, local, object_type, in_reply_to_id, in_reply_to_ap_id,
                          in_reply_to_actor_id, context, name, summary, content, source, language, visibility,
                          sensitive, published_at)
    VALUES (fucina_id_at(p_published_at), p_ap_id, p_url, p_actor_id, false, p_object_type, p_in_reply_to_id,
            p_in_reply_to_ap_id, p_in_reply_to_actor_id, p_context, p_name, p_summary, p_content, p_source,
            p_language, p_visibility, p_sensitive, p_published_at)
    ON CONFLICT (ap_id) DO NOTHING
    RETURNING * INTO stored;
    IF NOT FOUND THEN
        -- Someone stored it first; the caller reads that one.
        RETURN;
    END IF;

    INSERT INTO mentions (status_id, actor_id)
        SELECT stored.id, m FROM unnest(p_mentions) AS m ON CONFLICT DO NOTHING;
    INSERT INTO status_tags (status_id, tag)
        SELECT stored.id, t FROM unnest(p_tags) AS t ON CONFLICT DO NOTHING;
    IF p_in_reply_to_id IS NOT NULL THEN
        UPDATE statuses SET replies_count = replies_count + 1 WHERE id = p_in_reply_to_id;
    END IF;
    -- Replies that arrived before this post now know their parent.
    UPDATE statuses SET in_reply_to_id = stored.id, in_reply_to_actor_id = stored.actor_id
        WHERE in_reply_to_ap_id = p_ap_id AND in_reply_to_id IS NULL;
    UPDATE actors SET last_status_at = p_published_at
        WHERE id = p_actor_id AND (last_status_at IS NULL OR last_status_at < p_published_at);
    -- The local actors it mentions are told, unless one blocks the other.
    INSERT INTO notifications (recipient_id, from_actor_id, kind, status_id)
        SELECT r.id, p_actor_id, 'mention', stored.id FROM actors r
        WHERE r.id = ANY (p_mentions) AND r.domain IS NULL
          AND NOT EXISTS (SELECT 1 FROM blocks b
                          WHERE (b.blocker_id = r.id AND b.blocked_id = p_actor_id)
                             OR (b.blocker_id = p_actor_id AND b.blocked_id = r.id));
    RETURN NEXT stored;
END
$$;

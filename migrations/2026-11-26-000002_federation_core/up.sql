-- Federation core: follows, blocks, statuses (posts) with their mentions, tags,
-- edits, favourites; notifications; the persistent delivery queue; received
-- activity ids; known instances.

-- An id for something that happened at `at` (a remote post's publication), so
-- that timelines, ordered by id, follow publication time as Mastodon's do.
CREATE FUNCTION fucina_id_at(at timestamptz) RETURNS bigint
    LANGUAGE sql VOLATILE
AS $$
    SELECT (floor(extract(epoch FROM at) * 1000)::bigint << 16)
         | (nextval('fucina_id_seq') & 65535)
$$;

ALTER TABLE actors
    ADD COLUMN featured_url text,
    ADD COLUMN hide_collections boolean NOT NULL DEFAULT false,
    -- Profile fields as [{"name": ..., "value": ...}] (values are sanitised HTML).
    ADD COLUMN fields jsonb NOT NULL DEFAULT '[]',
    -- Local profile data that becomes PropertyValue attachments.
    ADD COLUMN organisation text NOT NULL DEFAULT '',
    ADD COLUMN role_title text NOT NULL DEFAULT '',
    ADD COLUMN skills text NOT NULL DEFAULT '',
    ADD COLUMN website text NOT NULL DEFAULT '',
    -- Counters kept in step by the services (remote: from their collections).
    ADD COLUMN followers_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN following_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN statuses_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN last_status_at timestamptz,
    -- A remote actor that told us it was deleted.
    ADD COLUMN deleted_at timestamptz;

-- Who follows whom. A pending row waits for the followed side's Accept.
CREATE TABLE follows (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    follower_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    followed_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state text NOT NULL CHECK (state IN ('pending', 'accepted')),
    -- The id of the Follow activity, ours or theirs.
    ap_id text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (follower_id, followed_id),
    CHECK (follower_id <> followed_id)
);
CREATE INDEX follows_followed_idx ON follows (followed_id, state);

CREATE TABLE blocks (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    blocker_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    blocked_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    ap_id text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked_idx ON blocks (blocked_id);

-- Posts: Notes, titled Pages, Articles, Questions, and boosts (reblog_of_id set).
CREATE TABLE statuses (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    ap_id text NOT NULL UNIQUE,
    url text,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    local boolean NOT NULL,
    object_type text NOT NULL DEFAULT 'Note'
        CHECK (object_type IN ('Note', 'Page', 'Article', 'Question', 'Announce')),
    in_reply_to_id bigint REFERENCES statuses (id) ON DELETE SET NULL,
    in_reply_to_ap_id text,
    in_reply_to_actor_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    reblog_of_id bigint REFERENCES statuses (id) ON DELETE CASCADE,
    -- The thread: an ActivityPub `context` (or our own for local threads).
    context text,
    name text,
    summary text NOT NULL DEFAULT '',
    content text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    language text,
    visibility text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private', 'direct')),
    sensitive boolean NOT NULL DEFAULT false,
    replies_count bigint NOT NULL DEFAULT 0,
    reblogs_count bigint NOT NULL DEFAULT 0,
    favourites_count bigint NOT NULL DEFAULT 0,
    published_at timestamptz NOT NULL DEFAULT now(),
    edited_at timestamptz,
    deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statuses_actor_idx ON statuses (actor_id, id DESC);
CREATE INDEX statuses_public_idx ON statuses (id DESC) WHERE visibility = 'public' AND deleted_at IS NULL AND reblog_of_id IS NULL;
CREATE INDEX statuses_reply_idx ON statuses (in_reply_to_id);
-- Replies that arrived before their parent, found when the parent comes.
CREATE INDEX statuses_orphan_idx ON statuses (in_reply_to_ap_id) WHERE in_reply_to_id IS NULL AND in_reply_to_ap_id IS NOT NULL;
CREATE INDEX statuses_context_idx ON statuses (context);
CREATE INDEX statuses_reblog_idx ON statuses (reblog_of_id);
CREATE UNIQUE INDEX statuses_one_boost_key ON statuses (actor_id, reblog_of_id) WHERE reblog_of_id IS NOT NULL AND deleted_at IS NULL;

-- Earlier versions of edited statuses, oldest first.
CREATE TABLE status_edits (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    status_id bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    name text,
    summary text NOT NULL DEFAULT '',
    content text NOT NULL,
    sensitive boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
);
CREATE INDEX status_edits_status_idx ON status_edits (status_id, created_at);

CREATE TABLE mentions (
    status_id bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    PRIMARY KEY (status_id, actor_id)
);
CREATE INDEX mentions_actor_idx ON mentions (actor_id, status_id DESC);

CREATE TABLE status_tags (
    status_id bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    tag text NOT NULL,
    PRIMARY KEY (status_id, tag)
);
CREATE INDEX status_tags_tag_idx ON status_tags (tag, status_id DESC);

CREATE TABLE favourites (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    status_id bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    ap_id text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (actor_id, status_id)
);

-- Status creation through the API is idempotent per user and key for a day.
CREATE TABLE idempotency_keys (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key text NOT NULL,
    status_id bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

CREATE TABLE notifications (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    -- A local actor.
    recipient_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    from_actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('follow', 'follow_request', 'mention', 'reblog', 'favourite', 'update', 'status', 'poll')),
    status_id bigint REFERENCES statuses (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz
);
CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, id DESC);

-- Activities we send: the signed body is built once; each target inbox is a delivery.
CREATE TABLE outgoing_activities (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    ap_id text NOT NULL,
    -- The local actor whose key signs it.
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    payload text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (activity, target inbox); workers claim due rows with
-- FOR UPDATE SKIP LOCKED. Delivered rows are deleted; failed ones retried with
-- exponential backoff until their deadline, then kept as 'dead' for a while.
CREATE TABLE deliveries (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    activity_id bigint NOT NULL REFERENCES outgoing_activities (id) ON DELETE CASCADE,
    inbox_url text NOT NULL,
    host text NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- Set while a worker is sending; a crashed worker's claim expires.
    locked_until timestamptz,
    last_error text,
    deadline timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (activity_id, inbox_url)
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_host_idx ON deliveries (host) WHERE state = 'pending';

-- Other servers, as delivery sees them: paused after repeated failures.
CREATE TABLE instances (
    host text PRIMARY KEY,
    consecutive_failures integer NOT NULL DEFAULT 0,
    paused_until timestamptz,
    last_success_at timestamptz,
    last_failure_at timestamptz,
    software text,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Ids of activities received, so that each is processed once.
CREATE TABLE received_activities (
    ap_id text PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX received_activities_received_at_idx ON received_activities (received_at);

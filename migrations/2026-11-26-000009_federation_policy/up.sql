-- Federation policy: settings changed at run time (the federation mode), links
-- with other instances and relay subscriptions, instance and actor blocks, and
-- what arrived over links.

-- Settings an administrator changes while the server runs; each overrides
-- the configuration file's value of the same name.
CREATE TABLE instance_settings (
    key text PRIMARY KEY,
    value text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A link with another instance, or a relay subscription. `outgoing`: our
-- instance actor's Follow of theirs; `incoming`: theirs of ours. A link is
-- established when both are accepted; a relay needs only `outgoing`.
CREATE TABLE instance_links (
    host text PRIMARY KEY,
    kind text NOT NULL DEFAULT 'instance' CHECK (kind IN ('instance', 'relay')),
    actor_id bigint REFERENCES actors (id) ON DELETE SET NULL,
    outgoing text NOT NULL DEFAULT 'none' CHECK (outgoing IN ('none', 'pending', 'accepted')),
    incoming text NOT NULL DEFAULT 'none' CHECK (incoming IN ('none', 'pending', 'accepted')),
    follow_ap_id text,
    incoming_follow_ap_id text,
    last_received_at timestamptz,
    -- What their NodeInfo said (name, description, languages, themes, counts), and when.
    info jsonb,
    info_fetched_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Instances silenced (kept out of public timelines and search) or suspended
-- (nothing in, nothing out, their cached content removed).
CREATE TABLE instance_blocks (
    host text PRIMARY KEY,
    severity text NOT NULL CHECK (severity IN ('silence', 'suspend')),
    reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Single remote actors blocked by the instance.
CREATE TABLE actor_blocks (
    ap_id text PRIMARY KEY,
    reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Posts that linked instances announced: the "From linked instances" feed.
CREATE TABLE linked_posts (
    status_id bigint PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
    host text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX linked_posts_feed_idx ON linked_posts (status_id DESC);

-- A local theme that stands for a linked instance's theme of another key.
CREATE TABLE theme_mappings (
    host text NOT NULL,
    remote_key text NOT NULL,
    group_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    PRIMARY KEY (host, remote_key)
);

-- Instance-wide policy changes are logged with the host they concern.
ALTER TABLE moderation_log ADD COLUMN target_host text;

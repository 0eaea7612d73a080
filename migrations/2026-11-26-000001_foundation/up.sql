-- Foundation: actors (local and remote), local users, web sessions and OAuth.

-- Ids in Mastodon's manner: milliseconds since the epoch in the high bits and a
-- sequence in the low 16, so they sort by creation time, need no coordination
-- between server processes, and read as strings of one length for centuries.
CREATE SEQUENCE fucina_id_seq;
CREATE FUNCTION fucina_id() RETURNS bigint
    LANGUAGE sql VOLATILE
AS $$
    SELECT (floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint << 16)
         | (nextval('fucina_id_seq') & 65535)
$$;

-- Every ActivityPub actor we know: our own innovators, themes and instance
-- actor, and the remote ones we have fetched. Local rows have domain NULL.
CREATE TABLE actors (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    actor_type text NOT NULL
        CHECK (actor_type IN ('Person', 'Group', 'Application', 'Service', 'Organization')),
    username text NOT NULL,
    domain text,
    display_name text NOT NULL DEFAULT '',
    -- Sanitised HTML as shown to others; for local actors rendered from summary_source.
    summary text NOT NULL DEFAULT '',
    summary_source text NOT NULL DEFAULT '',
    ap_id text NOT NULL UNIQUE,
    url text,
    inbox_url text NOT NULL,
    shared_inbox_url text,
    outbox_url text,
    followers_url text,
    following_url text,
    public_key_id text NOT NULL,
    public_key_pem text NOT NULL,
    private_key_pem text,
    manually_approves_followers boolean NOT NULL DEFAULT false,
    discoverable boolean NOT NULL DEFAULT true,
    avatar_url text,
    header_url text,
    published_at timestamptz NOT NULL DEFAULT now(),
    fetched_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((domain IS NULL) = (private_key_pem IS NOT NULL))
);
CREATE UNIQUE INDEX actors_handle_key ON actors (lower(username), lower(coalesce(domain, '')));
CREATE INDEX actors_domain_idx ON actors (domain) WHERE domain IS NOT NULL;

-- Local accounts that can sign in. The actor row holds the public face.
CREATE TABLE users (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    actor_id bigint NOT NULL UNIQUE REFERENCES actors (id) ON DELETE CASCADE,
    email text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin')),
    approval text NOT NULL DEFAULT 'approved' CHECK (approval IN ('pending', 'approved', 'rejected')),
    sign_up_reason text NOT NULL DEFAULT '',
    locale text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Browser sessions. Only a SHA-256 of the cookie's secret is stored.
CREATE TABLE web_sessions (
    token_hash text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX web_sessions_user_id_idx ON web_sessions (user_id);

-- OAuth 2 clients registered through POST /api/v1/apps.
CREATE TABLE oauth_applications (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    name text NOT NULL,
    website text,
    -- One URI per line, as apps register them.
    redirect_uris text NOT NULL,
    scopes text NOT NULL,
    client_id text NOT NULL UNIQUE,
    client_secret_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Authorization codes, single use, short lived, bound to a PKCE challenge when given.
CREATE TABLE oauth_authorization_codes (
    code_hash text PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES oauth_applications (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scopes text NOT NULL,
    redirect_uri text NOT NULL,
    code_challenge text,
    code_challenge_method text CHECK (code_challenge_method IN ('S256', 'plain')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

-- Access tokens (and their refresh tokens), stored as SHA-256 hashes. A token
-- without a user comes from the client_credentials grant.
CREATE TABLE oauth_access_tokens (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    token_hash text NOT NULL UNIQUE,
    refresh_token_hash text UNIQUE,
    application_id bigint NOT NULL REFERENCES oauth_applications (id) ON DELETE CASCADE,
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    scopes text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX oauth_access_tokens_user_id_idx ON oauth_access_tokens (user_id);

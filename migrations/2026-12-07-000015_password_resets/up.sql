-- "Forgot your password?": a one-time secret mailed to the account's
-- address, kept as its SHA-256 only, good for an hour and for one use.
CREATE TABLE password_resets (
    token_hash text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

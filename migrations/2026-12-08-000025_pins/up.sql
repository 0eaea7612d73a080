-- A person's pinned posts (Mastodon's pins, the actor's `featured`
-- collection). A group's pinned threads keep `pinned_at`: a post in a group
-- may be pinned by the group and by its author, each on their own page.
ALTER TABLE statuses ADD COLUMN featured_at timestamptz;
CREATE INDEX statuses_featured_idx ON statuses (actor_id, featured_at DESC) WHERE featured_at IS NOT NULL;

-- A remote group's theme key (Fucina's `themeKey`), so that its public
-- discussions land on our theme of the same key, or the one mapped to it.
ALTER TABLE actors ADD COLUMN theme_key text;

-- The local theme a linked instance's post is filed under, if any.
ALTER TABLE linked_posts ADD COLUMN theme_id bigint REFERENCES actors (id) ON DELETE SET NULL;
CREATE INDEX linked_posts_theme_idx ON linked_posts (theme_id, status_id DESC) WHERE theme_id IS NOT NULL;

-- Mastodon-style relays are subscribed by their inbox (a Follow of the
-- public collection sent there); LitePub-style ones by their actor.
ALTER TABLE instance_links ADD COLUMN relay_inbox text;

ALTER TABLE instance_links DROP COLUMN relay_inbox;
DROP INDEX linked_posts_theme_idx;
ALTER TABLE linked_posts DROP COLUMN theme_id;
ALTER TABLE actors DROP COLUMN theme_key;

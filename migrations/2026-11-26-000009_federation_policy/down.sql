ALTER TABLE moderation_log DROP COLUMN target_host;
DROP TABLE theme_mappings;
DROP TABLE linked_posts;
DROP TABLE actor_blocks;
DROP TABLE instance_blocks;
DROP TABLE instance_links;
DROP TABLE instance_settings;

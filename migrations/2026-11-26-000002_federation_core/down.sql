DROP TABLE received_activities;
DROP TABLE instances;
DROP TABLE deliveries;
DROP TABLE outgoing_activities;
DROP TABLE notifications;
DROP TABLE idempotency_keys;
DROP TABLE favourites;
DROP TABLE status_tags;
DROP TABLE mentions;
DROP TABLE status_edits;
DROP TABLE statuses;
DROP TABLE blocks;
DROP TABLE follows;
ALTER TABLE actors
    DROP COLUMN featured_url, DROP COLUMN hide_collections, DROP COLUMN fields,
    DROP COLUMN organisation, DROP COLUMN role_title, DROP COLUMN skills, DROP COLUMN website,
    DROP COLUMN followers_count, DROP COLUMN following_count, DROP COLUMN statuses_count,
    DROP COLUMN last_status_at, DROP COLUMN deleted_at;
DROP FUNCTION fucina_id_at(timestamptz);

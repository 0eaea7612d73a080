DELETE FROM notifications WHERE proposal_id IS NOT NULL OR interest_id IS NOT NULL;
ALTER TABLE notifications DROP COLUMN interest_id, DROP COLUMN proposal_id;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('follow', 'follow_request', 'mention', 'reblog', 'favourite', 'update', 'status', 'poll',
                    'group_invitation', 'group_request'));
DROP TABLE interests;
DROP TABLE proposal_groups;
DROP TABLE proposals;
UPDATE users SET role = 'user' WHERE role = 'facilitator';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('user', 'moderator', 'admin'));

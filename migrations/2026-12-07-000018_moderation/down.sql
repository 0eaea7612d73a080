DELETE FROM notifications WHERE kind IN ('moderation_warning', 'report_resolved');
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('follow', 'follow_request', 'mention', 'reblog', 'favourite', 'update', 'status', 'poll',
                    'group_invitation', 'group_request',
                    'proposal_submitted', 'proposal_published', 'proposal_sent_back', 'proposal_new',
                    'proposal_completed', 'proposal_expired', 'interest_received', 'interest_accepted', 'interest_declined',
                    'interest_withdrawn'));
ALTER TABLE notifications DROP COLUMN warning_id;
DROP TABLE account_warnings;
ALTER TABLE users DROP COLUMN terms_accepted_at, DROP COLUMN disabled, DROP COLUMN silenced_at, DROP COLUMN sensitized_at, DROP COLUMN suspended_at;
ALTER TABLE reports DROP COLUMN rule_ids;
DROP TABLE rules;

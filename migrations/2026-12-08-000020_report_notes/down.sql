DROP INDEX moderation_log_target_actor_idx;
DROP TABLE report_notes;

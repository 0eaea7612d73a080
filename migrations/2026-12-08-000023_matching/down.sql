DROP INDEX proposals_open_kind_idx;
ALTER INDEX proposals_competences_idx RESET (gin_pending_list_limit);
ALTER INDEX actors_search_idx RESET (gin_pending_list_limit);
ALTER INDEX proposals_search_idx RESET (gin_pending_list_limit);
ALTER INDEX statuses_search_idx RESET (gin_pending_list_limit);
ALTER TABLE users DROP COLUMN followed_stages, DROP COLUMN followed_kinds, DROP COLUMN matches_checked_at;

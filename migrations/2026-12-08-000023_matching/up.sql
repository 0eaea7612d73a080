-- When each person was last looked at for new proposals that need what they
-- know, for the line in their e-mail digest (issue 14).
ALTER TABLE users ADD COLUMN matches_checked_at timestamptz;

-- The kinds and stages of proposal a person follows: suggestions of those
-- rank higher (a local preference, not federated).
ALTER TABLE users ADD COLUMN followed_kinds text[] NOT NULL DEFAULT '{}',
                  ADD COLUMN followed_stages text[] NOT NULL DEFAULT '{}';

-- New rows go to a GIN index's pending list, which every search reads
-- through; with the default 4 MB a busy server's searches spend more time
-- there than in the index. A small list is merged often and read fast.
ALTER INDEX statuses_search_idx SET (gin_pending_list_limit = 128);
ALTER INDEX proposals_search_idx SET (gin_pending_list_limit = 128);
ALTER INDEX actors_search_idx SET (gin_pending_list_limit = 128);
ALTER INDEX proposals_competences_idx SET (gin_pending_list_limit = 128);

-- "Proposals for you" walks the newest open proposals of each kind a person
-- follows.
CREATE INDEX proposals_open_kind_idx ON proposals (kind, id DESC) WHERE state = 'open';

-- A shared competence vocabulary (issue 14): each competence once, by its
-- folded key, with labels per language; synonyms merged into another key.
CREATE TABLE competences (
    key text PRIMARY KEY,
    labels jsonb NOT NULL DEFAULT '{}',
    merged_into text REFERENCES competences (key) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO competences (key)
    SELECT DISTINCT c FROM proposals, unnest(competences) AS c WHERE c IS NOT NULL AND c <> ''
    ON CONFLICT DO NOTHING;

-- What a person knows (local people from their profile, remote ones from
-- their actor's Hashtag tags), and the languages they work in.
CREATE TABLE actor_competences (
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    competence text NOT NULL,
    PRIMARY KEY (actor_id, competence)
);
CREATE INDEX actor_competences_competence_idx ON actor_competences (competence);
ALTER TABLE actors ADD COLUMN working_languages text[] NOT NULL DEFAULT '{}';

-- Suggested proposals a person set aside.
CREATE TABLE proposal_dismissals (
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    proposal_id bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, proposal_id)
);

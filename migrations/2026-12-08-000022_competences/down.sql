DROP TABLE proposal_dismissals;
ALTER TABLE actors DROP COLUMN working_languages;
DROP TABLE actor_competences;
DROP TABLE competences;

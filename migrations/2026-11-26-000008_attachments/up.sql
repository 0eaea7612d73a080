-- Files attached to a proposal or to an expression of interest. A local file
-- lives under <data_dir>/media/<key>, where the key is a long random secret:
-- the URL is the capability, given only to those who may see the file. A
-- remote file is only a link (remote_url) to where its own server keeps it.
CREATE TABLE attachments (
    id bigserial PRIMARY KEY,
    proposal_id bigint REFERENCES proposals (id) ON DELETE CASCADE,
    interest_id bigint REFERENCES interests (id) ON DELETE CASCADE,
    uploader_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    key text UNIQUE,
    remote_url text,
    file_name text NOT NULL,
    content_type text NOT NULL,
    size_bytes bigint NOT NULL DEFAULT 0,
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((proposal_id IS NULL) <> (interest_id IS NULL)),
    CHECK ((key IS NULL) <> (remote_url IS NULL))
);
CREATE INDEX attachments_proposal_idx ON attachments (proposal_id, id) WHERE proposal_id IS NOT NULL;
CREATE INDEX attachments_interest_idx ON attachments (interest_id, id) WHERE interest_id IS NOT NULL;

-- Background jobs: work that must happen, but not inside the request that
-- causes it (fetching a remote proposal's team, building an export…). Queued
-- in the transaction of their cause, claimed by any server process with
-- `FOR UPDATE SKIP LOCKED` under a lease, retried with backoff, and removed
-- when done. `key` keeps one job of a kind per subject in the queue at a time.
CREATE TABLE jobs (
    id bigint PRIMARY KEY DEFAULT fucina_id(),
    kind text NOT NULL,
    key text,
    payload jsonb NOT NULL DEFAULT '{}',
    run_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    leased_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX jobs_kind_key ON jobs (kind, key) WHERE key IS NOT NULL;
CREATE INDEX jobs_due ON jobs (run_at);

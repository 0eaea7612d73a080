-- Abuse limits shared by every server process: one row per key (an action
-- and who does it: an address, an account, or both), counting hits in a
-- fixed window. UNLOGGED: losing the counts in a crash only forgives a few
-- attempts, and it spares the write-ahead log a write per login or post.
-- Rows of windows long past are removed by the hourly maintenance.
CREATE UNLOGGED TABLE rate_limits (
    key text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits integer NOT NULL
);

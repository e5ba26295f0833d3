-- Spool segments already replayed: recorded in the same transaction as their hits, so a
-- segment is stored exactly once even if the process dies before deleting its file.
CREATE TABLE spooled_segments (
    segment TEXT PRIMARY KEY,
    at      BIGINT NOT NULL
);

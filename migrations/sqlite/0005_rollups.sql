-- Rollups: the hit log counted per link and per hour (UTC) or day (in the configured time
-- zone), along one dimension at a time, so the dashboard reads a few thousand rows where the
-- hit log holds millions. A background task (src/hits/rollup.rs) folds new hits in every few
-- seconds; the report adds the hits not folded in yet, so its numbers are always exact.
CREATE TABLE rollups (
    grain   TEXT    NOT NULL,  -- 'hour' (UTC) or 'day' (days of rollup_state.timezone)
    dim     TEXT    NOT NULL,  -- 'all', 'device', 'place', 'origin' or 'visitors'
    bucket  INTEGER NOT NULL,  -- Unix ms at the start of the hour or day
    link_id INTEGER NOT NULL,
    key     TEXT    NOT NULL,  -- device; country; platform; '' for 'all' and 'visitors'
    key2    TEXT    NOT NULL,  -- city for 'place', referrer host for 'origin', else ''
    kind    TEXT    NOT NULL,
    source  TEXT    NOT NULL,  -- '' for previews and bots
    hits    INTEGER NOT NULL,
    PRIMARY KEY (grain, dim, bucket, link_id, key, key2, kind, source)
) WITHOUT ROWID;
CREATE INDEX rollups_link ON rollups (link_id, grain, dim, bucket);

-- What has been folded in: every hit with id <= rolled_id, except those with
-- at >= refold_at and id <= refold_id, taken back to be folded again (refold_at is the largest
-- BIGINT when none are); and up to where retention has purged the hit log, so a refold starts
-- at a whole day.
CREATE TABLE rollup_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    rolled_id     INTEGER NOT NULL,
    refold_at     INTEGER NOT NULL,
    refold_id     INTEGER NOT NULL,
    timezone      TEXT    NOT NULL,   -- the zone whose midnights the day buckets start at
    purged_before INTEGER NOT NULL
);
INSERT INTO rollup_state (id, rolled_id, refold_at, refold_id, timezone, purged_before)
    VALUES (1, 0, 9223372036854775807, 0, '', 0);

-- Visitors already counted, so a visitor is counted once per link (their hash changes every
-- UTC day, so this is once per link and day). Pruned after two days, like the salts.
CREATE TABLE seen_visitors (
    link_id  INTEGER NOT NULL,
    visitor  INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    PRIMARY KEY (link_id, visitor)
) WITHOUT ROWID;
CREATE INDEX seen_visitors_first_at ON seen_visitors (first_at);

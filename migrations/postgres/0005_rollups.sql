-- Rollups: the hit log counted per link and per hour (UTC) or day (in the configured time
-- zone), along one dimension at a time, so the dashboard reads a few thousand rows where the
-- hit log holds millions. A background task (src/hits/rollup.rs) folds new hits in every few
-- seconds; the report adds the hits not folded in yet, so its numbers are always exact.
-- Keys compare bytewise (COLLATE "C"): they are grouped and matched, never sorted for people.
CREATE TABLE rollups (
    grain   TEXT   COLLATE "C" NOT NULL,  -- 'hour' (UTC) or 'day' (days of rollup_state.timezone)
    dim     TEXT   COLLATE "C" NOT NULL,  -- 'all', 'device', 'place', 'origin' or 'visitors'
    bucket  BIGINT NOT NULL,              -- Unix ms at the start of the hour or day
    link_id BIGINT NOT NULL,
    key     TEXT   COLLATE "C" NOT NULL,  -- device; country; platform; '' for 'all' and 'visitors'
    key2    TEXT   COLLATE "C" NOT NULL,  -- city for 'place', referrer host for 'origin', else ''
    kind    TEXT   COLLATE "C" NOT NULL,
    source  TEXT   COLLATE "C" NOT NULL,  -- '' for previews and bots
    hits    BIGINT NOT NULL,
    PRIMARY KEY (grain, dim, bucket, link_id, key, key2, kind, source)
-- Every fold adds to the counts of the current hour and day: room left on each page lets
-- PostgreSQL update a row in place (a HOT update) instead of adding to both indexes.
) WITH (fillfactor = 70);
CREATE INDEX rollups_link ON rollups (link_id, grain, dim, bucket);

-- What has been folded in: every hit with id <= rolled_id, except those with
-- at >= refold_at and id <= refold_id, taken back to be folded again (refold_at is the largest
-- BIGINT when none are); and up to where retention has purged the hit log, so a refold starts
-- at a whole day.
CREATE TABLE rollup_state (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    rolled_id     BIGINT NOT NULL,
    refold_at     BIGINT NOT NULL,
    refold_id     BIGINT NOT NULL,
    timezone      TEXT   NOT NULL,   -- the zone whose midnights the day buckets start at
    purged_before BIGINT NOT NULL
);
INSERT INTO rollup_state (id, rolled_id, refold_at, refold_id, timezone, purged_before)
    VALUES (1, 0, 9223372036854775807, 0, '', 0);

-- Visitors already counted, so a visitor is counted once per link (their hash changes every
-- UTC day, so this is once per link and day). Pruned after two days, like the salts.
CREATE TABLE seen_visitors (
    link_id  BIGINT NOT NULL,
    visitor  BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    PRIMARY KEY (link_id, visitor)
);
CREATE INDEX seen_visitors_first_at ON seen_visitors (first_at);

-- Hits written since the last fold are found by id. A BRIN index would not do: the newest
-- pages stay unsummarised until autovacuum comes by, and every fold and report would read all
-- of them; ids grow, so this B-tree only ever adds on its right edge.
CREATE INDEX hits_id ON hits (id);
DROP INDEX hits_at;
CREATE INDEX hits_at ON hits USING BRIN (at) WITH (autosummarize = on);

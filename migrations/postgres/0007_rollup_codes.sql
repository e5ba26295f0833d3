-- Rollups keyed by small codes, the fixed-width columns first. Every fold looks up thousands
-- of rollup rows by their key; with text grain and dimension names and the text keys before
-- kind and source, comparing those strings was the largest part of a fold's cost.
--   grain: 1 hours (UTC), 2 days (of rollup_state.timezone)
--   dim:   1 all, 2 device, 3 place, 4 origin, 5 visitors
-- The counts already folded are carried over as they are.
CREATE TABLE rollups_coded (
    grain   SMALLINT NOT NULL,
    dim     SMALLINT NOT NULL,
    bucket  BIGINT NOT NULL,              -- Unix ms at the start of the hour or day
    link_id BIGINT NOT NULL,
    kind    TEXT   COLLATE "C" NOT NULL,
    source  TEXT   COLLATE "C" NOT NULL,  -- '' for previews and bots
    key     TEXT   COLLATE "C" NOT NULL,  -- device; country; platform; '' for all and visitors
    key2    TEXT   COLLATE "C" NOT NULL,  -- city for place, referrer host for origin, else ''
    hits    BIGINT NOT NULL,
    PRIMARY KEY (grain, dim, bucket, link_id, kind, source, key, key2)
) WITH (fillfactor = 70);

INSERT INTO rollups_coded (grain, dim, bucket, link_id, kind, source, key, key2, hits)
SELECT CASE grain WHEN 'hour' THEN 1 ELSE 2 END,
       CASE dim WHEN 'all' THEN 1 WHEN 'device' THEN 2 WHEN 'place' THEN 3
                WHEN 'origin' THEN 4 ELSE 5 END,
       bucket, link_id, kind, source, key, key2, hits
FROM rollups;

DROP TABLE rollups;
ALTER TABLE rollups_coded RENAME TO rollups;
ALTER INDEX rollups_coded_pkey RENAME TO rollups_pkey;
CREATE INDEX rollups_link ON rollups (link_id, grain, dim, bucket);

-- A link's hits are found through `hit_index` instead of a B-tree on hits (link_id, id).
-- That index took a random leaf page per stored hit, about a third of PostgreSQL's time on
-- the hit path (docs/performance.md). The fold writes one row per link per fold instead:
-- the ids of the link's hits it folded, newest first. A link's newest hits are the ones not
-- folded yet (found by id) and then these rows, newest first.
CREATE TABLE hit_index (
    link_id  BIGINT   NOT NULL,
    last_id  BIGINT   NOT NULL,              -- the newest id in `ids`
    first_id BIGINT   NOT NULL,              -- the oldest
    ids      BIGINT[] NOT NULL,              -- newest first
    -- The ranges of one link never overlap: each fold lists the hits of an id range of its own.
    PRIMARY KEY (link_id, last_id)
);

-- Retention drops rows whose hits are all gone, oldest first.
CREATE INDEX hit_index_last_id ON hit_index (last_id);

-- The hits folded so far, in rows of up to 65,536 ids of one link, each a range of its own.
INSERT INTO hit_index (link_id, last_id, first_id, ids)
SELECT link_id, MAX(id), MIN(id), array_agg(id ORDER BY id DESC) FROM (
    SELECT link_id, id, (row_number() OVER (PARTITION BY link_id ORDER BY id) - 1) / 65536 AS chunk
    FROM hits WHERE id <= (SELECT rolled_id FROM rollup_state WHERE id = 1)
) h
GROUP BY link_id, chunk;

DROP INDEX hits_link_id;

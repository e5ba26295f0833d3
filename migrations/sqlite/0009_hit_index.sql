-- A link's hits are found through `hit_index` instead of an index on hits (link_id, id),
-- which cost every stored hit a descent to a random page of that index: without it the same
-- load ran 12 % faster here (docs/performance.md). The fold writes one row per link per
-- fold: the ids of the link's hits it folded, as a JSON array, and how many. A link's newest
-- hits are the ones not folded yet (found by id) and then these rows, newest first.
CREATE TABLE hit_index (
    link_id  INTEGER NOT NULL,
    last_id  INTEGER NOT NULL,              -- the newest id in `ids`
    first_id INTEGER NOT NULL,              -- the oldest
    n        INTEGER NOT NULL,              -- how many ids
    ids      TEXT    NOT NULL,              -- JSON array
    -- The ranges of one link never overlap: each fold lists the hits of an id range of its own,
    -- and ids SQLite hands out again are taken out first (AFTER_DELETING_HITS in src/db/sqlite.rs).
    PRIMARY KEY (link_id, last_id)
);

-- Retention and deletions drop or trim rows by their ids (src/db/sqlite.rs).
CREATE INDEX hit_index_last_id ON hit_index (last_id);

-- The hits folded so far, in rows of up to 65,536 ids of one link, each a range of its own.
INSERT INTO hit_index (link_id, last_id, first_id, n, ids)
SELECT link_id, MAX(id), MIN(id), COUNT(*), json_group_array(id) FROM (
    SELECT link_id, id, (row_number() OVER (PARTITION BY link_id ORDER BY id) - 1) / 65536 AS chunk
    FROM hits WHERE id <= (SELECT rolled_id FROM rollup_state WHERE id = 1)
) h
GROUP BY link_id, chunk;

DROP INDEX hits_link_id;

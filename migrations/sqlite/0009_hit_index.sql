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
    ids      TEXT    NOT NULL,              -- JSON array; ranges of one link never overlap
    PRIMARY KEY (link_id, last_id)
);

-- The hits folded so far, in rows of at most 65,536 ids per link.
INSERT INTO hit_index (link_id, last_id, first_id, n, ids)
SELECT link_id, MAX(id), MIN(id), COUNT(*), json_group_array(id) FROM hits
WHERE id <= (SELECT rolled_id FROM rollup_state WHERE id = 1)
GROUP BY link_id, id >> 16;

DROP INDEX hits_link_id;

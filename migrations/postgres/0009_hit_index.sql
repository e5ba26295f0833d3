-- A link's hits are found through `hit_index` instead of a B-tree on hits (link_id, id).
-- That index took a random leaf page per stored hit, about a third of PostgreSQL's time on
-- the hit path (docs/performance.md). The fold writes one row per link per fold instead:
-- the ids of the link's hits it folded, newest first. A link's newest hits are the ones not
-- folded yet (found by id) and then these rows, newest first.
CREATE TABLE hit_index (
    link_id  BIGINT   NOT NULL,
    last_id  BIGINT   NOT NULL,              -- the newest id in `ids`
    first_id BIGINT   NOT NULL,              -- the oldest
    ids      BIGINT[] NOT NULL,              -- newest first; ranges of one link never overlap
    PRIMARY KEY (link_id, last_id)
);

-- The hits folded so far, in rows of at most 65,536 ids per link.
INSERT INTO hit_index (link_id, last_id, first_id, ids)
SELECT link_id, MAX(id), MIN(id), array_agg(id ORDER BY id DESC) FROM hits
WHERE id <= (SELECT rolled_id FROM rollup_state WHERE id = 1)
GROUP BY link_id, id >> 16;

DROP INDEX hits_link_id;

-- A link's clicks folded in (link_stats.clicks): the sum of its day rollups of clicks (grain 2,
-- dim 1, kind 'click'), kept by the fold, so that the links list can be ordered by clicks
-- without adding up every link's rollups. The lists add the clicks not folded yet when they
-- read it, as they add a link's hits to link_stats.hits (src/db/link_counts.rs). Counted
-- here from the rollups as they are; the next folds add to it.
ALTER TABLE link_stats ADD COLUMN clicks INTEGER NOT NULL DEFAULT 0;
INSERT INTO link_stats (link_id, hits, private_hits, clicks)
SELECT link_id, 0, 0, SUM(hits) FROM rollups
WHERE grain = 2 AND dim = 1 AND kind = 'click'
GROUP BY link_id
ON CONFLICT (link_id) DO UPDATE SET clicks = excluded.clicks;

-- A link's total (link_stats.hits) now counts the hits folded into the rollups, plus its
-- private hits; the hits written since the last fold are added when it is read. Until now
-- the writer added every hit to its link's row as it stored it, which under a flood of hits
-- to many links was one row update per hit. Here the totals lose the hits not folded yet,
-- so the next fold adds them back once.
-- Upgrade every instance sharing a database together: an older one still running would add
-- its new hits at once, and the fold would add them again.
UPDATE link_stats SET hits = hits - (
    SELECT COUNT(*) FROM hits h
    WHERE h.link_id = link_stats.link_id
      AND h.id > (SELECT rolled_id FROM rollup_state WHERE id = 1)
);

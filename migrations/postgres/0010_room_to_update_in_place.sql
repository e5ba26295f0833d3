-- Every fold adds to the counts of the current hour and day of each link that got hits, and
-- to each link's total, one statement per table. PostgreSQL updates a row in place (a HOT
-- update: no new entry in any index) only while its page has room for the new version, and
-- a statement that updates every row of a page needs room for all of them at once: more
-- than half the page. At fillfactor 70 (rollups) and 100 (link_stats), 44 % and none of the
-- fold's updates were HOT; at 45, all of them (docs/performance.md).
-- Pages written from now on keep the room. Older ones are not rewritten (that would lock
-- the tables): their rows move to roomier pages the first time they are updated, and the
-- rows of past hours and days are not updated again.
ALTER TABLE rollups SET (fillfactor = 45);
ALTER TABLE link_stats SET (fillfactor = 45);

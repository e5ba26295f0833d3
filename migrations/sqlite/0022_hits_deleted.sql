-- How many transactions have deleted hits: bumped by every one (AFTER_DELETING_HITS in
-- src/db/sqlite.rs), by any process. The hit writer's tally of the hits written since the
-- last fold (src/db/tally.rs) is used only while this has not changed since its first batch:
-- SQLite hands the ids of deleted hits out again, and a tally's range could then hold hits
-- it never counted.
ALTER TABLE rollup_state ADD COLUMN hits_deleted INTEGER NOT NULL DEFAULT 0;

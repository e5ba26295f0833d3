-- A campaign's name as campaigns are told apart (crate::campaigns::folded_name: trimmed, in
-- Unicode lowercase), unique: "ÉTÉ 2027" and "été 2027" are one campaign on both backends,
-- and two links made at once naming a new campaign in two cases cannot make two. Lanterne
-- computes it, not SQL (SQLite's LOWER() folds ASCII letters only); the campaigns stored
-- before have none here, and at start-up Lanterne fills it, merging first the campaigns
-- whose names fold alike into the oldest of them (src/db/campaign_names.rs).
ALTER TABLE campaigns ADD COLUMN folded_name TEXT;
CREATE UNIQUE INDEX campaigns_folded_name ON campaigns (folded_name);

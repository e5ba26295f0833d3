-- Who a share link of a campaign's report is for ("Client X, marketing"), so that two links
-- of one campaign can be told apart and the right one revoked. Empty for links made before.
ALTER TABLE report_shares ADD COLUMN label TEXT NOT NULL DEFAULT '';

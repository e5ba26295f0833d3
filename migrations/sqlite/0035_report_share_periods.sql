-- The period a shared report opens on, as its maker chose it on the campaign's page: `7d`,
-- `30d`, `90d`, `all` (since the campaign began) or a range of days `2026-12-01..2026-12-07`;
-- '' for links made before, which open on the last 30 days as they always did.
ALTER TABLE report_shares ADD COLUMN period TEXT NOT NULL DEFAULT '';

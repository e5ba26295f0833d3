-- A share button's link belongs to its site by the site's id (site_links), not to a campaign
-- named after the site: a campaign is found by its name, so a site named like a client's
-- campaign put its links in that campaign (and its report), and a renamed site started a
-- second one. The links stay, with their hits; they leave the campaign.
UPDATE links SET campaign = NULL WHERE id IN (SELECT link_id FROM site_links);

-- A campaign left with no link that bears a site's name was the site's own: it goes, unless
-- a client's report was shared from it.
DELETE FROM campaigns
WHERE lower(name) IN (SELECT lower(name) FROM sites)
  AND NOT EXISTS (SELECT 1 FROM links WHERE links.campaign = campaigns.name)
  AND id NOT IN (SELECT campaign_id FROM report_shares);

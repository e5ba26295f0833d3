-- Campaigns as records, and the channels admins add to the share kit's catalogue (SQLite).
--
-- A link still names its campaign in links.campaign (the dashboard groups by it); the record
-- is found by that name. Every campaign a link names has a record: the campaigns already
-- named are created here from their first link, and every later link insert or edit creates
-- a missing one.
CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    url          TEXT    NOT NULL,               -- destination of new links, without UTM parameters
    tags         TEXT    NOT NULL DEFAULT '[]',  -- JSON array: the themes new links get
    utm          INTEGER NOT NULL DEFAULT 1,     -- add utm_source, utm_medium, utm_campaign
    utm_campaign TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

-- The share kit appends the UTM parameters after the destination's own query and before its
-- fragment, so cutting from "?utm_source=" or "&utm_source=" up to a "#" gives the
-- destination back. utm_campaign is what those links carry: the campaign name as it was.
INSERT INTO campaigns (name, url, tags, utm, utm_campaign, created_at)
SELECT campaign,
       CASE WHEN marked THEN substr(url, 1, cut - 2)
            || CASE WHEN instr(substr(url, cut), '#') > 0 THEN substr(url, cut + instr(substr(url, cut), '#') - 1) ELSE '' END
            ELSE url END,
       tags, marked, campaign, created_at
FROM (SELECT campaign, url, tags, created_at, instr(url, 'utm_source=') AS cut,
             substr(url, instr(url, 'utm_source=') - 1, 1) IN ('?', '&') AS marked FROM links
      WHERE id IN (SELECT MIN(id) FROM links WHERE campaign IS NOT NULL GROUP BY campaign));

-- Channels admins add beside the built-in ones; the reach decides how the dashboard counts
-- the channel and which utm_medium its links get.
CREATE TABLE custom_channels (
    key        TEXT    PRIMARY KEY,
    label      TEXT    NOT NULL,
    reach      TEXT    NOT NULL CHECK (reach IN ('private', 'public', 'other')),
    created_at INTEGER NOT NULL
);

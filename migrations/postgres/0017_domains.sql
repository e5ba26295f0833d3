-- Branded domains: hosts besides the base URL's that serve links. A link's slug is unique on
-- its domain; '' is the base URL's host, so a link follows the base URL if it changes and the
-- redirect's lookup stays one equality on (domain, slug).
CREATE TABLE domains (
    host       TEXT   PRIMARY KEY,    -- lowercase, no port, no trailing dot
    root_url   TEXT,                  -- where a visit to the bare domain goes; NULL: the 404 page
    created_at BIGINT NOT NULL
);
ALTER TABLE links ADD COLUMN domain TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX links_domain_slug ON links (domain, slug);
ALTER TABLE links DROP CONSTRAINT links_slug_key;

-- no-transaction
-- Branded domains: hosts besides the base URL's that serve links. A link's slug is unique on
-- its domain; '' is the base URL's host, so a link follows the base URL if it changes and the
-- redirect's lookup stays one equality on (domain, slug).
--
-- SQLite cannot drop the inline UNIQUE of links.slug, so links is rebuilt (SQLite's own
-- procedure: foreign keys off so that dropping the old table leaves link_tags and site_links
-- alone; ids are kept, so their references stay right). Not run in sqlx's transaction: the
-- foreign_keys pragma does nothing inside one.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE domains (
    host       TEXT    PRIMARY KEY,   -- lowercase, no port, no trailing dot
    root_url   TEXT,                  -- where a visit to the bare domain goes; NULL: the 404 page
    created_at INTEGER NOT NULL
);
CREATE TABLE links_new (
    id            INTEGER PRIMARY KEY,
    domain        TEXT    NOT NULL DEFAULT '',  -- '' is the base URL's host
    slug          TEXT    NOT NULL,
    url           TEXT    NOT NULL,
    campaign      TEXT,
    channel       TEXT,
    tags          TEXT    NOT NULL DEFAULT '[]',
    enabled       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    options       TEXT,
    password_hash TEXT
);
INSERT INTO links_new (id, domain, slug, url, campaign, channel, tags, enabled, created_at,
                       updated_at, options, password_hash)
    SELECT id, '', slug, url, campaign, channel, tags, enabled, created_at, updated_at, options,
           password_hash FROM links;
DROP TABLE links;
ALTER TABLE links_new RENAME TO links;
CREATE UNIQUE INDEX links_domain_slug ON links (domain, slug);
CREATE INDEX links_campaign ON links (campaign);
CREATE INDEX links_channel ON links (channel);
COMMIT;
PRAGMA foreign_keys = ON;

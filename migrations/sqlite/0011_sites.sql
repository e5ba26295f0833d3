-- Sites: a publisher's own web site, whose pages include the snippet (/lanterne.js). The key
-- is public (it sits in every page) and only names the site; events are accepted only for
-- pages on the site's domains.
CREATE TABLE sites (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    key        TEXT    NOT NULL UNIQUE,
    domains    TEXT    NOT NULL,          -- JSON array of host names, lowercase, no port
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- The name also names the campaign of the site's share-button links: one site per name, in
-- any letter case.
CREATE UNIQUE INDEX sites_name ON sites (lower(name));

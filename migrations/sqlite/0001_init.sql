-- Links, their tags, the hit log and the per-link hit counter (SQLite).
CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    url         TEXT    NOT NULL,
    campaign    TEXT,
    channel     TEXT,
    tags        TEXT    NOT NULL DEFAULT '[]',  -- JSON array, for display; link_tags is for filtering
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX links_campaign ON links (campaign);
CREATE INDEX links_channel ON links (channel);

CREATE TABLE link_tags (
    link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    tag     TEXT    NOT NULL,
    PRIMARY KEY (tag, link_id)
);
CREATE INDEX link_tags_link ON link_tags (link_id);

-- No foreign key on purpose: the writer must never fail a batch because a link was deleted
-- a moment earlier; deleting a link deletes its hits explicitly.
CREATE TABLE hits (
    id            INTEGER PRIMARY KEY,
    link_id       INTEGER NOT NULL,
    at            INTEGER NOT NULL,           -- Unix milliseconds
    method        TEXT    NOT NULL,
    referrer      TEXT,                       -- scheme://host/path, query and fragment dropped
    referrer_host TEXT,
    user_agent    TEXT,                       -- cropped to 512 bytes
    browser       TEXT,
    os            TEXT,
    device        TEXT    NOT NULL,
    country       TEXT,
    city          TEXT,
    visitor       INTEGER,                    -- keyed hash with a daily salt, never the address
    kind          TEXT    NOT NULL,
    source        TEXT,
    platform      TEXT    NOT NULL,
    evidence      TEXT    NOT NULL
);
CREATE INDEX hits_link_id ON hits (link_id, id);
CREATE INDEX hits_at ON hits (at);

CREATE TABLE link_stats (
    link_id INTEGER PRIMARY KEY,
    hits    INTEGER NOT NULL DEFAULT 0,          -- every hit, private ones included
    private_hits INTEGER NOT NULL DEFAULT 0     -- DNT / Sec-GPC visitors: counted, nothing stored
);

CREATE TABLE visitor_salts (
    day  INTEGER PRIMARY KEY,                 -- days since the Unix epoch, UTC
    salt BLOB    NOT NULL
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,       -- SHA-256 of the token, hex
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

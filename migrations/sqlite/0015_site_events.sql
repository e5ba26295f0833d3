-- What the snippet reports from a site's pages: views, copies and share-button uses, each
-- enriched and classified like a hit (by the same writer, in the same transaction as its
-- batch of hits, so the spool's exactly-once replay covers them too). No address, no cookie.
CREATE TABLE site_events (
    id            INTEGER PRIMARY KEY,
    site_id       INTEGER NOT NULL,            -- no foreign key: queued events may outlive a deleted site
    at            INTEGER NOT NULL,            -- Unix milliseconds
    event         TEXT    NOT NULL,            -- 'view', 'copy' or 'share'
    page          TEXT    NOT NULL,            -- origin and path, no query, no fragment
    utm           TEXT,                        -- the page URL's utm_* parameters, as a query
    referrer      TEXT,                        -- document.referrer: scheme://host/path
    referrer_host TEXT,
    internal      INTEGER NOT NULL,            -- the referrer is a page of the same site
    share_id      TEXT,                        -- the id this view wrote into the address bar
    parent        TEXT,                        -- the id the view arrived with: a copied address
    generation    INTEGER NOT NULL,            -- 0 for an arrival without an id, parent's + 1
    channel       TEXT,                        -- share buttons: the channel used
    user_agent    TEXT,
    browser       TEXT,
    os            TEXT,
    device        TEXT    NOT NULL,
    country       TEXT,
    city          TEXT,
    visitor       INTEGER,                     -- keyed hash with a daily salt, never the address
    kind          TEXT    NOT NULL,            -- 'click' (a person), 'preview' or 'bot'
    source        TEXT,
    platform      TEXT    NOT NULL,
    evidence      TEXT    NOT NULL
);
CREATE INDEX site_events_site_at ON site_events (site_id, at);
-- A view's generation is its parent's plus one, looked up by id as the view is written.
CREATE INDEX site_events_share_id ON site_events (site_id, share_id) WHERE share_id IS NOT NULL;

-- Views of visitors who asked not to be tracked (DNT, Sec-GPC): a count per page and UTC
-- day, nothing else.
CREATE TABLE site_private_views (
    site_id INTEGER NOT NULL,
    page    TEXT    NOT NULL,
    day     INTEGER NOT NULL,                  -- Unix ms of the UTC midnight
    views   INTEGER NOT NULL,
    PRIMARY KEY (site_id, page, day)
) WITHOUT ROWID;

-- The short link a share button uses, one per page and channel, minted on first use.
CREATE TABLE site_links (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    page    TEXT    NOT NULL,
    channel TEXT    NOT NULL,
    link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    PRIMARY KEY (site_id, page, channel)
);
CREATE INDEX site_links_link ON site_links (link_id);

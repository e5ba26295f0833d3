-- Hosts whose snippet events a site refused lately (the page, or the request's Origin, is
-- not one of its domains: a forgotten www., a staging host), so that Settings → Sites can
-- say why a dashboard stays empty. Refusals come from anyone's requests: they are counted
-- in memory and written in batches, never per event, and a site keeps its 10 latest hosts.
CREATE TABLE site_refusals (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    host    TEXT    NOT NULL,            -- as a site's domains are written
    reason  TEXT    NOT NULL,            -- 'page' or 'origin'
    count   INTEGER NOT NULL,
    last_at INTEGER NOT NULL,            -- Unix milliseconds
    PRIMARY KEY (site_id, host)
);

-- Link options (issue 22): preview card, dates, click limit, targeting rules, A/B variants.
-- NULL for a plain link, so that plain links cost the redirect's lookup nothing more.
ALTER TABLE links ADD COLUMN options TEXT;          -- JSON (src/links/options/mod.rs)
ALTER TABLE links ADD COLUMN password_hash TEXT;    -- argon2id PHC string; never shown
-- The card a campaign gives the links it makes (JSON, as links.options' "preview").
ALTER TABLE campaigns ADD COLUMN preview TEXT;
-- Which of its link's destinations a hit was sent to (src/links/options/mod.rs, Destination).
ALTER TABLE hits ADD COLUMN destination INTEGER;

-- People let through by links with a click limit, added to by every instance.
CREATE TABLE link_clicks (
    link_id INTEGER PRIMARY KEY,
    used    INTEGER NOT NULL
);

-- Card images uploaded in the web UI, named by their content's hash.
CREATE TABLE media (
    id           TEXT    PRIMARY KEY,   -- hex digest and extension, e.g. 3f2a….png
    content_type TEXT    NOT NULL,      -- image/png, image/jpeg or image/webp, from the bytes
    bytes        BLOB    NOT NULL,
    created_at   INTEGER NOT NULL
);

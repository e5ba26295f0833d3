-- Read-only links to one campaign's report, for a client: the secret is kept as its SHA-256
-- digest, so a leaked database opens no report. Revoked links stay, to tell a client who
-- follows one that it was withdrawn.
CREATE TABLE report_shares (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_by  TEXT    NOT NULL,               -- the email of who made it, as it was then
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX report_shares_campaign ON report_shares (campaign_id);

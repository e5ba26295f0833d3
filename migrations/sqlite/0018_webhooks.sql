-- Webhooks: subscriptions of another system's URL to events, and the outbox of their
-- deliveries. A delivery row is written in the transaction of the change or hit batch that
-- caused it, so nothing is lost on a restart; the delivery task sends it and records how.
CREATE TABLE webhooks (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL,
    events        TEXT    NOT NULL,          -- JSON array of event types
    secret        TEXT    NOT NULL,          -- the HMAC key; shown once, when subscribing
    enabled       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    INTEGER NOT NULL,
    failing_since INTEGER,                   -- first failure since the last success
    disabled_at   INTEGER,                   -- turned off after a day of failures
    last_click_at INTEGER NOT NULL DEFAULT 0 -- last click delivery: at most one a second
);

CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    webhook_id  INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id    TEXT    NOT NULL,             -- the event's id, the same on every attempt
    event       TEXT    NOT NULL,             -- its type: link.created, click …
    data        TEXT    NOT NULL,             -- JSON
    created_at  INTEGER NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'pending', -- pending, delivered, failed
    next_at     INTEGER NOT NULL,             -- when it is due (or its lease ends)
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,                      -- the receiver's last HTTP status
    last_error  TEXT,
    done_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_of ON webhook_deliveries (webhook_id, id);

-- Links whose expiry (their date or click limit) was announced as link.expired: once each.
CREATE TABLE link_expiries (
    link_id INTEGER PRIMARY KEY,
    reason  TEXT    NOT NULL,             -- date, click_limit
    at      INTEGER NOT NULL
);

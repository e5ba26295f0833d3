-- Invitations to make an account: an admin names the email and the role, the invitee chooses
-- their password through a secret link, once, within 7 days. The secret is kept as its
-- SHA-256 digest.
CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    email      TEXT   NOT NULL,               -- lowercased
    role       TEXT   NOT NULL,               -- admin, marketer or analyst
    token_hash TEXT   NOT NULL UNIQUE,
    created_by TEXT   NOT NULL,               -- the email of the admin who made it
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

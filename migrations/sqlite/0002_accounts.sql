-- People who use the web UI, and their sessions (the session id is stored hashed).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT   NOT NULL UNIQUE,        -- lowercased
    password_hash TEXT   NOT NULL,               -- argon2id, PHC string
    role          TEXT   NOT NULL,               -- admin, marketer or analyst
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT   PRIMARY KEY,               -- SHA-256 of the cookie value
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT   NOT NULL,                  -- the token every form of this session carries
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

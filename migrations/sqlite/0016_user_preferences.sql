-- Each user's language and time zone for the web UI; NULL follows the browser's language
-- and the server's time zone.
ALTER TABLE users ADD COLUMN locale TEXT;
ALTER TABLE users ADD COLUMN timezone TEXT;

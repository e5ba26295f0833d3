-- The keys visitors are hashed with are no longer kept in the database: with the key, the
-- stored user agent and a hash, trying every address finds the visitor's (src/hits/visitor.rs).
-- The salts are overwritten before the table goes, so that a freed page of the file does not
-- keep them.
UPDATE visitor_salts SET salt = zeroblob(length(salt));
DROP TABLE visitor_salts;

-- The keys visitors are hashed with are no longer kept in the database: with the key, the
-- stored user agent and a hash, trying every address finds the visitor's (src/hits/visitor.rs).
-- A dropped table's files are removed, so the salts go with it.
DROP TABLE visitor_salts;

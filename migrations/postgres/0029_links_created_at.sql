-- The links list and the export sort by creation date (imported links keep their tool's
-- dates): newest first is the list's default, read from this index rather than sorted.
CREATE INDEX links_created_at ON links (created_at, id);

-- What the maker of a share link chooses for the client's report: the language it is written
-- in ('' for links made before, which follow the reader's browser as they always did);
-- whether its label is shown on it as who it is for (not for links made before, whose labels
-- were written for the agency's eyes only); and when it stops opening it (NULL: never).
ALTER TABLE report_shares ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE report_shares ADD COLUMN label_on_report BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE report_shares ADD COLUMN expires_at INTEGER;

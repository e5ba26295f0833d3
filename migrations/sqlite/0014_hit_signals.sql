-- The request signals of a hit (src/classify/signals.rs): a small bit set of what its headers
-- and network showed (a prefetch, no Accept, HTTP/1.0, no Fetch Metadata, a hosting network),
-- kept so that `lanterne reclassify` can apply every rule again. Not the headers, and nothing
-- of the address. Hits stored before read as 0: nothing observed.
ALTER TABLE hits ADD COLUMN signals INTEGER NOT NULL DEFAULT 0;

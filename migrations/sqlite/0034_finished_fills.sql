-- The one-time fills of stored rows that Lanterne makes in Rust after the migrations, where
-- SQL cannot compute the values alike on both backends: a row for each fill once it has gone
-- through every row it was for, so that later starts skip it. First: `site_event_utm_tags`,
-- the UTM tags of the views whose utm held a percent-escape, which migration 0032 left
-- without (src/sites/utm_fill.rs).
CREATE TABLE finished_fills (
    name        TEXT    PRIMARY KEY,
    rows_filled INTEGER NOT NULL,
    finished_at INTEGER NOT NULL
);

-- A view's utm_source, utm_medium and utm_campaign in columns of their own, read by the events
-- endpoint from the page address it parses anyway, so that the site dashboard's "By UTM
-- campaign" table is one GROUP BY over the period's rows, as its other tables are, and never
-- a parse of the utm text of every event (which made the page 2-3x slower at 1,000,000
-- events). NULL: the address had no such tag (or an empty one).
ALTER TABLE site_events ADD COLUMN utm_source TEXT;
ALTER TABLE site_events ADD COLUMN utm_medium TEXT;
ALTER TABLE site_events ADD COLUMN utm_campaign TEXT;

-- The events stored before: their tags read from utm (written as a form query, '+' for a
-- space), the first of each name, trimmed, empty as none, as the endpoint reads them. A utm
-- with a percent-escape (an accent, '/', '&' … in a value) cannot be decoded here alike on
-- both backends: those events keep no tags, and count under "(none)" (docs/site-snippet.md).
UPDATE site_events SET
    utm_source = CASE WHEN strpos('&' || utm, '&utm_source=') > 0 THEN NULLIF(TRIM(REPLACE(
        substr(utm || '&', strpos('&' || utm, '&utm_source=') + 11,
            strpos(substr(utm || '&', strpos('&' || utm, '&utm_source=') + 11), '&') - 1),
        '+', ' ')), '') END,
    utm_medium = CASE WHEN strpos('&' || utm, '&utm_medium=') > 0 THEN NULLIF(TRIM(REPLACE(
        substr(utm || '&', strpos('&' || utm, '&utm_medium=') + 11,
            strpos(substr(utm || '&', strpos('&' || utm, '&utm_medium=') + 11), '&') - 1),
        '+', ' ')), '') END,
    utm_campaign = CASE WHEN strpos('&' || utm, '&utm_campaign=') > 0 THEN NULLIF(TRIM(REPLACE(
        substr(utm || '&', strpos('&' || utm, '&utm_campaign=') + 13,
            strpos(substr(utm || '&', strpos('&' || utm, '&utm_campaign=') + 13), '&') - 1),
        '+', ' ')), '') END
WHERE utm IS NOT NULL AND strpos(utm, '%') = 0;

-- Settings of the whole instance that admins change in the web UI (not the operator's
-- command-line configuration), one row a setting; a setting not set has no row. First:
-- `agency_name`, who prepares the client's reports.
CREATE TABLE instance_settings (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

//! Integration tests: the real server over HTTP, on SQLite and on PostgreSQL.

mod abuse;
mod api_campaigns;
mod api_links;
mod api_stats;
mod bad_input;
mod campaigns;
mod channels;
mod dashboard;
mod faults;
mod helpers;
mod hits;
mod instances;
mod privacy;
mod reclassify;
mod redirects;
mod security;
mod shutdown;
mod sites;
mod sqlite_faults;
mod sqlite_load;
mod stats;
mod ui_account;
mod ui_campaigns;
mod ui_links;
mod ui_settings;
mod ui_share_kit;

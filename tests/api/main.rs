//! Integration tests: the real server over HTTP, on SQLite and on PostgreSQL.

mod abuse;
mod bad_input;
mod campaigns;
mod campaigns_api;
mod campaigns_ui;
mod channels;
mod cluster;
mod dashboard;
mod faults;
mod helpers;
mod hits;
mod instances;
mod links;
mod links_ui;
mod privacy;
mod process;
mod proxy;
mod reclassify;
mod redirects;
mod security;
mod shutdown;
mod sqlite_load;
mod stats;
mod ui;
mod users;
mod web;

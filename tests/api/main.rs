//! Integration tests: the real server over HTTP, on SQLite and on PostgreSQL.

mod abuse;
mod campaigns;
mod channels;
mod faults;
mod helpers;
mod hits;
mod instances;
mod links;
mod links_ui;
mod proxy;
mod reclassify;
mod redirects;
mod security;
mod shutdown;
mod stats;
mod ui;
mod users;
mod web;

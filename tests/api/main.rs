//! Integration tests: the real server over HTTP, on SQLite and on PostgreSQL.

mod abuse;
mod bad_input;
mod cluster;
mod faults;
mod helpers;
mod hits;
mod instances;
mod links;
mod privacy;
mod process;
mod proxy;
mod reclassify;
mod redirects;
mod security;
mod shutdown;
mod sqlite_load;
mod ui;

//! Integration tests: the real server over HTTP, on SQLite and on PostgreSQL.

mod helpers;
mod hits;
mod instances;
mod links;
mod redirects;
mod shutdown;

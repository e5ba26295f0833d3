//! Network edge helpers that need no HTTP framework: who the client is behind proxies, and
//! how often it may ask.

pub mod client_ip;
pub mod client_limit;
pub mod rate_limit;

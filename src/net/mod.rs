//! Network edge helpers that need no HTTP framework: who the client is behind proxies.

pub mod client_ip;
pub mod rate_limit;

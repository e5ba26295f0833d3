//! The HTTP edge: each module answers one part of the URL space.

pub mod api;
pub mod assets;
pub mod branded;
pub mod csv_download;
pub mod events;
pub mod health;
pub mod input;
pub mod link_at;
pub mod locale;
pub mod media;
pub mod metrics;
pub mod own_writes;
pub mod pages;
pub mod redirect;
pub mod security;
pub mod share_link;
pub mod snippet;
pub mod ui;
pub mod visitor;

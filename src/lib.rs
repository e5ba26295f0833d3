//! Lanterne: a link shortener that measures dark social.

pub mod app;
pub mod auth;
pub mod campaigns;
pub mod classify;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domains;
pub mod error;
pub mod export;
pub mod geo;
pub mod hits;
pub mod hosting;
pub mod i18n;
pub mod import;
pub mod links;
pub mod metrics;
pub mod net;
pub mod routes;
pub mod sites;
pub mod stats;
pub mod telemetry;
pub mod text;
pub mod webhooks;

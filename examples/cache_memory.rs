//! What the slug cache costs in memory per link: fills a `SlugCache` of `N` entries (argument,
//! default 200,000) with plain links of a typical destination (73 characters) and prints the
//! process's resident memory before and after, and the difference per link. Linux only (reads
//! /proc/self/statm). `cargo run --release --example cache_memory -- 1000000`

use std::sync::Arc;

use axum::http::HeaderValue;
use lanterne::links::cache::{SlugCache, Target};

fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("Linux's /proc/self/statm");
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(200_000, |n| n.parse().expect("a number of links"));
    let cache = SlugCache::new(n);
    let before = resident_bytes();
    for i in 0..n {
        let slug = format!("{:07x}", i * 7919 % 0x0fff_ffff);
        let url =
            format!("https://www.example.org/campaigns/2026/spring-sale/landing?utm_id={i:08}");
        let target = Target {
            link_id: i as i64,
            location: HeaderValue::try_from(url).unwrap(),
            enabled: true,
            options: None,
            updated_at: 0,
        };
        cache.insert(&slug, Some(Arc::new(target)));
    }
    let after = resident_bytes();
    let hits = (0..n)
        .filter(|i| {
            cache
                .get(&format!("{:07x}", i * 7919 % 0x0fff_ffff))
                .is_some()
        })
        .count();
    println!(
        "{n} links, {hits} in the cache: resident {:.1} MB before, {:.1} MB after, {:.0} bytes per link",
        before as f64 / 1e6,
        after as f64 / 1e6,
        (after - before) as f64 / hits.max(1) as f64
    );
}

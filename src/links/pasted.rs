//! A short link as people paste it (`https://go.example/spring/`, `127.0.0.1:8080/BK7Rdd6`)
//! read back into the host and slug it names: pure, so that the dashboard's « Link » field,
//! the Links search and `?link=` of the API accept what Lanterne itself copies, as Bitly
//! and Dub do.

use crate::domains::host;

/// The host (lowercase, its port dropped) and slug of `pasted` when it is written as a short
/// URL: with or without `http://`/`https://`, a query, a fragment or a final `/`. `None` for
/// a bare slug, and for a path of more than one segment (a slug never holds a `/`).
pub fn short_link(pasted: &str) -> Option<(String, String)> {
    let pasted = pasted.trim();
    let lower = pasted.get(..8).unwrap_or(pasted).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &pasted[8..]
    } else if lower.starts_with("http://") {
        &pasted[7..]
    } else {
        pasted
    };
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (authority, slug) = rest.trim_end_matches('/').split_once('/')?;
    if slug.is_empty() || slug.contains('/') || authority.contains('@') {
        return None;
    }
    let host = host::of_request(authority.as_bytes())?;
    Some((host, slug.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(pasted: &str) -> Option<(&'static str, &'static str)> {
        short_link(pasted).map(|(h, s)| (&*h.leak(), &*s.leak()))
    }

    #[test]
    fn a_pasted_short_url_names_its_host_and_slug() {
        let base = Some(("127.0.0.1", "BK7Rdd6"));
        assert_eq!(parts("http://127.0.0.1:18901/BK7Rdd6"), base);
        assert_eq!(parts(" HTTP://127.0.0.1:18901/BK7Rdd6/ "), base);
        assert_eq!(parts("127.0.0.1:18901/BK7Rdd6"), base);
        let branded = Some(("go.example", "spring"));
        assert_eq!(parts("https://Go.Example./spring"), branded);
        assert_eq!(parts("go.example/spring/"), branded);
        assert_eq!(parts("https://go.example/spring?utm_source=x#top"), branded);
        assert_eq!(parts("https://[::1]:8080/a"), Some(("[::1]", "a")));
        // A bare slug, and what no short URL looks like, are left to the caller.
        assert_eq!(parts("spring"), None);
        assert_eq!(parts("https://go.example/"), None);
        assert_eq!(parts("https://example.com/a/b"), None);
        assert_eq!(parts("https://user@go.example/a"), None);
    }
}

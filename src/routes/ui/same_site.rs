//! Sign-in and setup take forms from this site's own pages only. Neither has a session yet to
//! carry a CSRF token, and a third-party page posting to `/login` could sign a visitor's
//! browser into the attacker's account (login CSRF), whose links and notes they would then
//! fill in.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};

use super::PageError;

/// Refuses a form that a browser says was posted from another site.
pub fn from_this_site(headers: &HeaderMap, base_url: &str) -> Result<(), PageError> {
    if posted_from_this_site(headers, base_url) {
        Ok(())
    } else {
        Err(PageError::refused(
            StatusCode::FORBIDDEN,
            "error-other-site",
            crate::i18n::t("error-other-site-text"),
        ))
    }
}

fn posted_from_this_site(headers: &HeaderMap, base_url: &str) -> bool {
    // Browsers of the last years say where a request comes from, and a page cannot forge it.
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    // Older ones send the origin of every cross-site POST; a client that sends neither is
    // not a browser, and has no visitor's cookies to abuse.
    let Some(origin) = headers.get(header::ORIGIN).and_then(authority) else {
        return headers.get(header::ORIGIN).is_none();
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let public = base_url.split_once("://").map(|(_, rest)| rest);
    [host, public]
        .into_iter()
        .flatten()
        .any(|ours| ours.eq_ignore_ascii_case(origin))
}

/// `host[:port]` of an `Origin` (`null` and anything else has none).
fn authority(origin: &HeaderValue) -> Option<&str> {
    let origin = origin.to_str().ok()?;
    let (scheme, rest) = origin.split_once("://")?;
    matches!(scheme, "http" | "https").then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    const BASE: &str = "https://sho.rt";

    #[test]
    fn browsers_saying_same_origin_or_typed_are_let_in() {
        for pairs in [
            &[("sec-fetch-site", "same-origin")][..],
            &[("sec-fetch-site", "none")],
            &[("origin", "https://sho.rt"), ("host", "10.0.0.5:8080")],
            &[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080"),
            ],
            &[],
        ] {
            assert!(posted_from_this_site(&headers(pairs), BASE), "{pairs:?}");
        }
    }

    #[test]
    fn posts_from_other_sites_are_refused() {
        for pairs in [
            &[
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://sho.rt"),
            ][..],
            &[("sec-fetch-site", "same-site")],
            &[("origin", "https://evil.example"), ("host", "sho.rt")],
            &[("origin", "null"), ("host", "sho.rt")],
            &[("origin", "https://sho.rt.evil.example")],
        ] {
            assert!(!posted_from_this_site(&headers(pairs), BASE), "{pairs:?}");
        }
    }
}
